import { createHash } from "node:crypto";
import type { WorkspaceContext } from "@/server/context";
import { sendMessage } from "@/server/services/messages/send-message";

/**
 * The one place a campaign hands a message to the product's send path, which decides consent, quiet hours and the
 * number's sending rate (a campaign never re-implements them). Idempotent per recipient: a dispatch step that runs
 * again after a crash gets the message it already created instead of a second one.
 */
export async function sendCampaignSms(ctx: WorkspaceContext, input: { recipientId: number; leadId: number; body: string }) {
  const message = await sendMessage(ctx, { leadId: input.leadId, channel: "sms", body: input.body, idempotencyKey: recipientKey(input.recipientId) });
  return { messageId: BigInt(message.id) };
}

/** A UUID derived from the recipient (the send path's idempotency keys are UUIDs). */
function recipientKey(recipientId: number): string {
  const hex = createHash("sha256").update(`campaign-recipient:${recipientId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
