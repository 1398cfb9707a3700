import type { WorkspaceContext } from "@/server/context";
import { queueLeadSms } from "@/server/services/sms/queue-lead-sms";

/**
 * The one place a campaign hands a message to the product's send path (queueLeadSms), which refuses a lead who
 * opted out, delays past the lead's quiet hours and paces the number's sending rate: a campaign never re-implements
 * them. Idempotent per recipient: a dispatch step that runs again after a crash gets the message it already created.
 */
export async function sendCampaignSms(ctx: WorkspaceContext, input: { campaignId: number; recipientId: number; leadId: number; body: string }) {
  const { message } = await queueLeadSms(ctx, {
    leadId: input.leadId,
    body: input.body,
    origin: "campaign",
    idempotencyKey: `campaign:${input.campaignId}:${input.recipientId}`,
  });
  return { messageId: BigInt(message.id) };
}

/** The sending rate of the number campaign texts go out from (the workspace's first number; 1/s without one). */
export async function campaignSendingRate(ctx: WorkspaceContext): Promise<number> {
  const number = await ctx.db.smsNumber.findFirst({ orderBy: { id: "asc" }, select: { messagesPerSecond: true } });
  return number?.messagesPerSecond ?? 1;
}
