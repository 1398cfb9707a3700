import type { MessageStatus } from "@/generated/prisma/client";
import { getEnv } from "@/env";
import { unsafeDb } from "@/server/db/client";
import { isLockNotAvailable } from "@/server/db/errors";
import { tenantDb } from "@/server/db/tenant";
import { emitMessageSent } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import type { WorkspaceJobContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { DeliveryError, LOCAL_SMS_FROM, type SendResult } from "@/server/integrations/messaging";
import type { Logger } from "@/server/logger";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { recipientOf } from "@/server/services/messages/recipient";
import { decryptMessageContent } from "@/server/services/messages/message-content";
import { isConsentReply, optedOutError } from "./consent";
import { simulateDeliveryReceipts } from "./local-receipts";
import { applyWaitingReceipts } from "./record-sms-status";
import { acquireSendLease } from "./sending-rate";
import { smsChannelOf, type SmsChannel } from "./sms-channel";

/** The job must wait this long before trying again (the number's sending rate is used up for now). */
export class SmsSendDeferred extends Error {
  constructor(readonly retryInMs: number) {
    super(`The sending number is busy; trying again in ${retryInMs} ms.`);
    this.name = "SmsSendDeferred";
  }
}

export type DeliverSmsResult = { outcome: "sent" | "recovered" | "already-sent"; externalId: string | null };

interface SenderNumber {
  id: number | null;
  from: string;
  messagingServiceSid: string | null;
  messagesPerSecond: number;
}

const DONE: ReadonlySet<MessageStatus> = new Set(["sent", "delivered", "undelivered"]);
const OUTBOUND_ROLES = new Set(["human", "assistant"]);

/**
 * The number a message goes out from: the one it names (the number the lead texted), else the workspace's first
 * number, else the platform's TWILIO_PHONE_NUMBER (or the local outbox's pretend number).
 */
async function senderNumber(workspaceId: number, smsNumberId: number | null, channel: SmsChannel): Promise<SenderNumber> {
  const db = tenantDb(workspaceId);
  const select = { id: true, phoneNumber: true, messagingServiceSid: true, messagesPerSecond: true } as const;
  const number =
    (smsNumberId === null ? null : await db.smsNumber.findUnique({ where: { id: smsNumberId }, select })) ??
    (await db.smsNumber.findFirst({ orderBy: { id: "asc" }, select }));
  if (number) {
    return { id: number.id, from: number.phoneNumber ?? number.messagingServiceSid!, messagingServiceSid: number.messagingServiceSid, messagesPerSecond: number.messagesPerSecond };
  }
  const platformNumber = getEnv().TWILIO_PHONE_NUMBER;
  if (channel.source === "local") return { id: null, from: platformNumber ?? LOCAL_SMS_FROM, messagingServiceSid: null, messagesPerSecond: 1 };
  if (channel.source === "platform" && platformNumber) return { id: null, from: platformNumber, messagingServiceSid: null, messagesPerSecond: 1 };
  throw new DeliveryError("This workspace has no sending number; add one in the SMS settings.", { permanent: true });
}

/**
 * Sends one outbound SMS of a lead conversation exactly once, even when the worker dies mid-send:
 *   1. under a row lock the message moves to `sending` with the time (committed BEFORE the provider is called);
 *   2. the number's sending rate gives this send a lease (shared by every worker process);
 *   3. the provider is called; 4. the SID is stored and the message is `sent`.
 * An attempt that finds the message already `sending` (the previous one died between 2 and 4, or lost the provider's
 * answer) first asks the provider for a message to that recipient from that number with that text since then; found,
 * its SID is stored and nothing is sent again. A refusal that retrying cannot change marks the message failed.
 */
export async function deliverSms(ctx: WorkspaceJobContext, input: { messageId: number }): Promise<DeliverSmsResult> {
  try {
    return await sendSms(ctx, input);
  } finally {
    // The inbox shows the new delivery status (sent, or failed with its reason) as soon as the send settles.
    await publishConversationEvent(ctx.workspace.id, { leadId: null, kind: "status" });
  }
}

async function sendSms(ctx: WorkspaceJobContext, input: { messageId: number }): Promise<DeliverSmsResult> {
  const { db, log } = ctx;
  const workspaceId = ctx.workspace.id;
  const messageId = BigInt(input.messageId);
  const channel = await smsChannelOf(workspaceId);

  const peek = await db.message.findUnique({ where: { id: messageId }, select: { status: true, smsNumberId: true, externalId: true } });
  if (!peek) throw new AppError("NOT_FOUND", "No such message in this workspace.");
  if (DONE.has(peek.status)) {
    // An earlier attempt stored the SID and died before applying the receipts that came first.
    if (peek.externalId) await applyWaitingReceipts(ctx, { externalId: peek.externalId });
    return { outcome: "already-sent", externalId: peek.externalId };
  }
  const sender = await senderNumber(workspaceId, peek.smsNumberId, channel).catch((e: unknown) => failPermanently(workspaceId, messageId, e));

  const claim = await claimForSending(workspaceId, messageId, sender);
  if (claim.kind === "done") return { outcome: "already-sent", externalId: claim.externalId };

  const message = { workspaceId, reference: `message:${messageId}`, to: claim.to, from: sender.from, messagingServiceSid: sender.messagingServiceSid, body: claim.body };
  let result: SendResult;
  let outcome: "sent" | "recovered" = "sent";
  try {
    const found = claim.recoveringSince ? await channel.sender.findSent({ ...message, since: claim.recoveringSince }) : null;
    if (found) {
      log.warn({ messageId: Number(messageId), externalId: found.externalId }, "sms found at the provider after an interrupted send; not sent again");
      result = found;
      outcome = "recovered";
    } else {
      const lease = await takeSendLease(workspaceId, messageId, sender, claim.recoveringSince !== null);
      try {
        result = await channel.sender.sendSms(message);
      } finally {
        await lease.release();
      }
    }
  } catch (e) {
    if (e instanceof SmsSendDeferred) throw e;
    await recordRefusal(workspaceId, messageId, e, ctx.isFinalAttempt, log);
    throw e instanceof DeliveryError
      ? new AppError(e.permanent ? "PRECONDITION_FAILED" : "SERVICE_UNAVAILABLE", e.message)
      : new AppError("SERVICE_UNAVAILABLE", "The message could not be handed to the provider.");
  }
  await transactionWithEvents(db, async (tx) => {
    const { count } = await tx.message.updateMany({
      where: { id: messageId, status: "sending" },
      data: { status: "sent", externalId: result.externalId, error: null, providerErrorCode: null },
    });
    if (count) await emitMessageSent(tx, workspaceId, messageId);
  });
  // Receipts Twilio posted before the SID was stored waited for it (record-sms-status.ts).
  await applyWaitingReceipts(ctx, { externalId: result.externalId });
  if (channel.source === "local") await simulateDeliveryReceipts({ workspaceId, externalId: result.externalId, from: sender.from, to: claim.to, log });
  return { outcome, externalId: result.externalId };
}

/**
 * Step 2: one of the number's leases (sending-rate.ts). When none frees up within a short wait, the message goes back
 * to queued (nothing was sent; a message being recovered stays `sending`, so the next attempt still looks for it
 * first) and the job is delayed.
 */
async function takeSendLease(workspaceId: number, messageId: bigint, sender: SenderNumber, recovering: boolean) {
  const outcome = await acquireSendLease(sender.from, sender.messagesPerSecond);
  if (outcome.granted) return outcome.lease;
  if (!recovering) await tenantDb(workspaceId).message.updateMany({ where: { id: messageId, status: "sending" }, data: { status: "queued" } });
  throw new SmsSendDeferred(outcome.retryInMs);
}

type Claim = { kind: "done"; externalId: string | null } | { kind: "send"; to: string; body: string; recoveringSince: Date | null };

/** Step 1: lock, check the message may still be sent to this lead, and commit `sending` before any provider call. */
async function claimForSending(workspaceId: number, messageId: bigint, sender: SenderNumber): Promise<Claim> {
  try {
    return await unsafeDb.$transaction(async (tx): Promise<Claim> => {
      const rows = await tx.$queryRaw<
        { leadId: number; role: string; channel: string; content: string; status: MessageStatus; externalId: string | null; sendStartedAt: Date | null; idempotencyKey: string | null }[]
      >`
        SELECT "leadId", role::text AS role, channel::text AS channel, content, status::text AS status, "externalId", "sendStartedAt", "idempotencyKey"
        FROM "Message" WHERE "subAccountId" = ${workspaceId} AND id = ${messageId}
        FOR UPDATE NOWAIT`;
      const row = rows[0];
      if (!row) throw new AppError("NOT_FOUND", "No such message in this workspace.");
      if (DONE.has(row.status)) return { kind: "done", externalId: row.externalId };
      if (row.status !== "queued" && row.status !== "failed" && row.status !== "sending") {
        throw new AppError("PRECONDITION_FAILED", `A message with status "${row.status}" is not sent.`);
      }
      if (row.channel !== "sms" || !OUTBOUND_ROLES.has(row.role)) throw new DeliveryError("This message is not an outbound SMS.", { permanent: true });
      const lead = await tx.lead.findFirst({ where: { subAccountId: workspaceId, id: row.leadId }, select: { phone: true, email: true, smsOptedOutAt: true } });
      if (!lead) throw new DeliveryError("The lead no longer exists.", { permanent: true });
      if (lead.smsOptedOutAt && !isConsentReply(row.idempotencyKey)) throw optedOutError(lead.smsOptedOutAt);
      const to = recipientOf(lead, "sms");
      const recoveringSince = row.status === "sending" ? row.sendStartedAt : null;
      await tx.message.update({
        where: { subAccountId_id: { subAccountId: workspaceId, id: messageId } },
        data: { status: "sending", sendStartedAt: recoveringSince ?? new Date(), smsNumberId: sender.id, ourNumber: sender.from },
        select: { id: true },
      });
      return { kind: "send", to, body: decryptMessageContent({ subAccountId: workspaceId, leadId: row.leadId, content: row.content }), recoveringSince };
    });
  } catch (e) {
    if (isLockNotAvailable(e)) throw new AppError("SERVICE_UNAVAILABLE", "Another attempt is sending this message right now; this one will check again later.");
    if (e instanceof DeliveryError) return failPermanently(workspaceId, messageId, e);
    throw e;
  }
}

async function failPermanently(workspaceId: number, messageId: bigint, e: unknown): Promise<never> {
  if (!(e instanceof DeliveryError)) throw e;
  await tenantDb(workspaceId).message.update({ where: { id: messageId }, data: { status: "failed", error: e.message }, select: { id: true } });
  throw new AppError("PRECONDITION_FAILED", e.message);
}

/**
 * A refusal that retrying cannot change fails the message. Any other failure (a timeout, a 5xx) may have happened
 * after Twilio accepted the message, so the message stays `sending`: the next attempt looks for it before sending.
 */
async function recordRefusal(workspaceId: number, messageId: bigint, e: unknown, finalAttempt: boolean, log: Logger): Promise<void> {
  const known = e instanceof DeliveryError;
  if (known) log.warn({ providerCode: e.providerCode, permanent: e.permanent }, "sms refused by the provider");
  else log.error({ err: { name: (e as Error).name, message: (e as Error).message } }, "sms delivery failed");
  const permanent = known && e.permanent;
  const reason = known ? e.message : "The message could not be handed to the provider.";
  const data = permanent
    ? { status: "failed" as const, error: reason, providerErrorCode: e.providerCode ?? null }
    : finalAttempt
      ? { status: "failed" as const, error: reason }
      : { error: `${reason} Retrying.` };
  await tenantDb(workspaceId).message.updateMany({ where: { id: messageId, status: "sending" }, data });
}
