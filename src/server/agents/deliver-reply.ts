import type { Channel } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";
import { enqueue } from "@/server/jobs/enqueue";
import { sendEmailJob } from "@/server/jobs/send-email";
import { scheduleStoredSms } from "@/server/services/sms/queue-lead-sms";

/**
 * Where a stored reply goes next. Web and test chats show the Message row itself (stored as `sent`). SMS and email
 * replies are stored `queued` and handed to the messaging jobs (send-sms / send-email), recorded as a JobRun of the
 * workspace; they send each message once. Voice replies wait for the voice channel.
 */
export const NOT_QUEUED_ERROR = "The reply could not be queued for sending; send it again from the conversation.";

export async function handOffToChannel(
  ctx: WorkspaceContext,
  message: { id: bigint; channel: Channel; subAccountId: number; leadId: number },
): Promise<void> {
  if (message.channel === "web" || message.channel === "test" || message.channel === "voice") return;
  const payload = { messageId: Number(message.id) };
  try {
    // Past the lead's quiet hours; the send job keeps the number's sending rate.
    if (message.channel === "sms") await scheduleStoredSms(ctx, message, "ai");
    else await enqueue(sendEmailJob, payload, { ctx });
  } catch (e) {
    // The reply is stored; a person sees it failed and can send it again.
    ctx.log.error({ err: { message: (e as Error).message }, messageId: payload.messageId }, "ai reply not queued for sending");
    await ctx.db.message.update({ where: { id: message.id }, data: { status: "failed", error: NOT_QUEUED_ERROR }, select: { id: true } });
  }
}
