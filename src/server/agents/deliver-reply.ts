import type { Channel } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";

/**
 * Where a stored reply goes next. Web and test chats show the Message row itself (stored as `sent`). SMS and email
 * replies are stored `queued`: the messaging jobs (send-sms / send-email, src/server/integrations/messaging) deliver
 * them; this is the one place the AI engine hands a reply to them.
 */
export async function handOffToChannel(
  ctx: WorkspaceContext,
  message: { id: bigint; channel: Channel; subAccountId: number; leadId: number },
): Promise<void> {
  if (message.channel === "web" || message.channel === "test") return;
  ctx.log.info({ messageId: message.id.toString(), channel: message.channel }, "ai reply queued for its channel (no sender job yet)");
}
