import type { MessageStatus } from "@/generated/prisma/client";
import { getEnv } from "@/env";
import type { RequestContext, WorkspaceContext } from "@/server/context";
import { tenantDb } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { queueNotificationEmail } from "@/server/services/notifications/queue-notification-email";
import { unsafeVerifyTwilioWebhook, type TwilioWebhook } from "./twilio-webhook";

/** Twilio's delivery states as our message statuses; "queued"/"accepted"/"sending" change nothing we show. */
const STATUS_OF: Readonly<Record<string, MessageStatus>> = { sent: "sent", delivered: "delivered", undelivered: "undelivered", failed: "failed" };
/** Receipts may arrive out of order: a later state never goes back to an earlier one. */
const EARLIER: Readonly<Record<string, MessageStatus[]>> = {
  sent: ["queued", "sending"],
  delivered: ["queued", "sending", "sent"],
  undelivered: ["queued", "sending", "sent"],
  failed: ["queued", "sending", "sent"],
};

/** What members read for the carrier's most common error codes (the code itself is kept on the message). */
const CARRIER_ERRORS: Readonly<Record<string, string>> = {
  "30003": "The phone is switched off or out of reach.",
  "30004": "The recipient blocks messages from this number.",
  "30005": "The number does not exist.",
  "30006": "The number is a landline or cannot receive SMS.",
  "30007": "The carrier filtered the message as spam.",
  "30008": "The carrier could not deliver the message.",
  "21610": "The recipient has opted out of SMS from this number (replied STOP).",
};

/**
 * POST /api/webhooks/twilio/status: a delivery receipt. Verified with the workspace of our sending number, then the
 * message with that SID takes the status (and Twilio's error code); the inbox hears of it at once, and a failed or
 * undelivered message tells the lead's owner (or the admins) by email, once.
 */
export async function recordSmsStatus(ctx: RequestContext, webhook: TwilioWebhook): Promise<{ outcome: "updated" | "unchanged" | "unknown" }> {
  const p = webhook.params;
  const verified = await unsafeVerifyTwilioWebhook(webhook, { number: p.From, messagingServiceSid: p.MessagingServiceSid });
  const sid = p.MessageSid ?? p.SmsSid;
  if (!sid) throw AppError.field("MessageSid", "The receipt has no MessageSid.");
  const status = STATUS_OF[p.MessageStatus ?? p.SmsStatus ?? ""];
  if (!verified || !status) return { outcome: "unknown" };
  const workspaceId = verified.workspace.id;
  const db = tenantDb(workspaceId);
  const message = await db.message.findFirst({ where: { externalId: sid, channel: "sms" }, select: { id: true, leadId: true } });
  if (!message) return { outcome: "unknown" };
  const errorCode = p.ErrorCode && /^\d{1,6}$/.test(p.ErrorCode) ? p.ErrorCode : null;
  const failed = status === "failed" || status === "undelivered";
  const { count } = await db.message.updateMany({
    where: { id: message.id, status: { in: EARLIER[status] } },
    data: {
      status,
      ...(failed
        ? { providerErrorCode: errorCode, error: (errorCode && CARRIER_ERRORS[errorCode]) ?? "The carrier could not deliver the message." }
        : { providerErrorCode: null, error: null }),
    },
  });
  if (count === 0) return { outcome: "unchanged" };
  await publishConversationEvent(workspaceId, { leadId: message.leadId, kind: "status" });
  if (failed) {
    const wctx: WorkspaceContext = { ...ctx, account: null, workspace: { id: workspaceId, name: verified.workspace.name }, db, actingAsAdmin: false };
    await alertFailedSms(wctx, message).catch((e: unknown) => ctx.log.error({ err: { message: (e as Error).message } }, "failed-sms alert not queued"));
  }
  return { outcome: "updated" };
}

/** One email per failed message to the lead's owner, or the admins when the lead has no active owner. */
async function alertFailedSms(ctx: WorkspaceContext, message: { id: bigint; leadId: number }) {
  const lead = await ctx.db.lead.findUnique({ where: { id: message.leadId }, select: { name: true, owner: { select: { id: true, isActive: true } } } });
  if (!lead) return;
  const recipients = lead.owner?.isActive
    ? [lead.owner.id]
    : (await ctx.db.user.findMany({ where: { role: "admin", isActive: true }, select: { id: true }, orderBy: { id: "asc" } })).map((u) => u.id);
  const link = `${getEnv().APP_URL}/inbox?lead=${message.leadId}`;
  for (const userId of recipients) {
    await queueNotificationEmail(ctx, {
      kind: "owner_alert",
      to: { userId },
      subject: `An SMS to ${lead.name} was not delivered`.slice(0, 200),
      text: `An SMS to ${lead.name} could not be delivered. Open the conversation to see the reason and reach them another way: ${link}`,
      idempotencyKey: `sms-failed:${message.id}:${userId}`,
    });
  }
}
