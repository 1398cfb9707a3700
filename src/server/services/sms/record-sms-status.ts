import type { MessageStatus, Prisma } from "@/generated/prisma/client";
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

const RECEIPT_STATUSES = Object.keys(STATUS_OF);
const receiptEventId = (sid: string, status: string) => `status:${sid}:${status}`;

/** What the WebhookEvent of a receipt holds (no phone numbers, no text). */
interface ReceiptPayload {
  MessageSid: string;
  MessageStatus: MessageStatus;
  ErrorCode: string | null;
}

/**
 * POST /api/webhooks/twilio/status: a delivery receipt. Verified with the workspace of our sending number, recorded
 * once (WebhookEvent `status:<sid>:<status>`, so Twilio's retries change nothing), then applied to the message with
 * that SID. A receipt can arrive before the send stored the SID (Twilio answers the create call and posts "sent" at
 * the same moment): it then waits, recorded, and the send applies it when it stores the SID (deliver-sms.ts calls
 * `applyWaitingReceipts`); whichever of the two commits last sees the other, so no receipt is lost.
 */
export async function recordSmsStatus(ctx: RequestContext, webhook: TwilioWebhook): Promise<{ outcome: ReceiptOutcome }> {
  const p = webhook.params;
  const verified = await unsafeVerifyTwilioWebhook(webhook, { number: p.From, messagingServiceSid: p.MessagingServiceSid });
  const sid = p.MessageSid ?? p.SmsSid;
  // Twilio SIDs are letters and digits; the local outbox's ids ("local-sms-<uuid>") have dashes.
  if (!sid || !/^[A-Za-z0-9-]{10,64}$/.test(sid)) throw AppError.field("MessageSid", "The receipt has no MessageSid.");
  const status = STATUS_OF[p.MessageStatus ?? p.SmsStatus ?? ""];
  if (!verified || !status) return { outcome: "unknown" };
  const workspaceId = verified.workspaceId;
  const db = tenantDb(workspaceId);
  const errorCode = p.ErrorCode && /^\d{1,6}$/.test(p.ErrorCode) ? p.ErrorCode : null;
  const payload: ReceiptPayload = { MessageSid: sid, MessageStatus: status, ErrorCode: errorCode };
  await db.webhookEvent.createMany({
    data: [{ subAccountId: workspaceId, provider: "twilio", providerEventId: receiptEventId(sid, status), payload: payload as unknown as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
  const workspace = await db.subAccount.findFirstOrThrow({ select: { name: true } });
  const wctx: WorkspaceContext = { ...ctx, account: null, workspace: { id: workspaceId, name: workspace.name }, db, actingAsAdmin: false };
  return applyWaitingReceipts(wctx, { externalId: sid });
}

export type ReceiptOutcome = "updated" | "unchanged" | "waiting" | "unknown";

/**
 * Applies the receipts recorded for one SID and not applied yet, oldest first, to the workspace's message with that
 * SID; without such a message they keep waiting. A later state never goes back to an earlier one, so applying a
 * receipt twice (the webhook and the send racing) changes nothing the second time. The inbox hears of each change;
 * a failed or undelivered message tells the lead's owner (or the admins) by email, once.
 */
export async function applyWaitingReceipts(ctx: WorkspaceContext, input: { externalId: string }): Promise<{ outcome: ReceiptOutcome }> {
  const { db } = ctx;
  const events = await db.webhookEvent.findMany({
    where: { provider: "twilio", providerEventId: { in: RECEIPT_STATUSES.map((s) => receiptEventId(input.externalId, s)) }, status: "received" },
    orderBy: { id: "asc" },
    select: { id: true, payload: true },
  });
  if (events.length === 0) return { outcome: "unchanged" };
  const message = await db.message.findFirst({ where: { externalId: input.externalId, channel: "sms" }, select: { id: true, leadId: true } });
  if (!message) return { outcome: "waiting" };
  let outcome: ReceiptOutcome = "unchanged";
  for (const event of events) {
    const { MessageStatus: status, ErrorCode: errorCode } = event.payload as unknown as ReceiptPayload;
    const failed = status === "failed" || status === "undelivered";
    const { count } = await db.message.updateMany({
      where: { id: message.id, status: { in: EARLIER[status] ?? [] } },
      data: {
        status,
        ...(failed
          ? { providerErrorCode: errorCode, error: (errorCode && CARRIER_ERRORS[errorCode]) ?? "The carrier could not deliver the message." }
          : { providerErrorCode: null, error: null }),
      },
    });
    await db.webhookEvent.updateMany({ where: { id: event.id, status: "received" }, data: { status: "processed", processedAt: new Date() } });
    if (count === 0) continue;
    outcome = "updated";
    await publishConversationEvent(ctx.workspace.id, { leadId: message.leadId, kind: "status" });
    if (failed) await alertFailedSms(ctx, message).catch((e: unknown) => ctx.log.error({ err: { message: (e as Error).message } }, "failed-sms alert not queued"));
  }
  return { outcome };
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
