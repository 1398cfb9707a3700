import type { Prisma } from "@/generated/prisma/client";
import type { WorkspaceJobContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { emitLeadCreated, emitMessageReceived } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { aiTurnJob } from "@/server/jobs/ai-turn";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { recordAudit } from "@/server/services/audit/record-audit";
import { replyDelayMs, TRANSACTION_WAIT } from "@/server/services/messages/receive-lead-message";
import { encryptMessageContent } from "@/server/services/messages/message-content";
import { normalizePhone, regionFromSettings } from "@/server/services/phone";
import { consentKeywordOf, optInConfirmation, optOutConfirmation, type ConsentKeyword } from "./consent";
import { consentIdempotencyKey, queueLeadSms } from "./queue-lead-sms";
import { smsSettingsOf } from "./settings";
import { unsealInboundSms, type InboundSmsEventPayload } from "./receive-inbound-sms";

export type InboundSmsOutcome = "stored" | "duplicate" | "ignored";

class DuplicateDelivery extends Error {}

/** MMS media stay at Twilio: we keep their URLs and types as references, never the files. */
function mediaOf(params: Record<string, string>): { url: string; contentType: string | null }[] {
  const count = Math.min(Number.parseInt(params.NumMedia ?? "0", 10) || 0, 10);
  const media = [];
  for (let i = 0; i < count; i++) {
    const url = params[`MediaUrl${i}`];
    if (url?.startsWith("https://") || url?.startsWith("http://")) media.push({ url, contentType: params[`MediaContentType${i}`] ?? null });
  }
  return media;
}

const processedPayload = (sid: string, numberId: number, media: number, segments: string | null) =>
  // Ids and counts only once processed: the text lives encrypted on the message.
  ({ MessageSid: sid, numberId, NumMedia: media, NumSegments: segments }) as Prisma.InputJsonValue;

/**
 * The `process-inbound-sms` job: an inbound SMS the webhook verified and recorded (receive-inbound-sms.ts). In one
 * transaction the event moves from received to processed (a repeated job finds it processed and stores nothing),
 * the sender's lead is found or, for a sender the workspace does not know, created (source "sms", on the workspace's
 * strategy for new leads) or the message ignored, per the workspace's setting, and the message is stored with its MMS
 * media as references. Consent keywords change the lead's consent and are answered at once; other messages get the
 * AI's reply after the strategy's pacing.
 */
export async function processInboundSms(ctx: WorkspaceJobContext, input: { messageSid: string }): Promise<{ outcome: InboundSmsOutcome; messageId?: bigint }> {
  const sid = input.messageSid;
  const workspaceId = ctx.workspace.id;
  const { db } = ctx;
  const event = await db.webhookEvent.findFirst({ where: { provider: "twilio", providerEventId: `sms:${sid}` }, select: { id: true, status: true, payload: true } });
  if (!event) throw new AppError("NOT_FOUND", "No such inbound SMS in this workspace.");
  if (event.status !== "received") return { outcome: "duplicate" };
  const recorded = event.payload as unknown as InboundSmsEventPayload;
  const p = unsealInboundSms(workspaceId, sid, recorded);
  const workspace = await db.subAccount.findFirstOrThrow({ select: { name: true, settings: true, isActive: true } });
  const settings = smsSettingsOf(workspace);
  const media = mediaOf(p);
  const markEvent = (status: "processed" | "ignored", error?: string) =>
    db.webhookEvent.updateMany({
      where: { id: event.id, status: "received" },
      data: { status, error: error ?? null, processedAt: new Date(), payload: processedPayload(sid, recorded.numberId, media.length, p.NumSegments ?? null) },
    });
  if (!workspace.isActive) {
    await markEvent("ignored", "The workspace is deactivated.");
    ctx.log.info({ messageSid: sid }, "inbound sms for a deactivated workspace; ignored");
    return { outcome: "ignored" };
  }
  let from: string;
  try {
    from = normalizePhone(p.From ?? "", regionFromSettings(workspace.settings), "From");
  } catch {
    await markEvent("ignored", "The sender is not a phone number.");
    ctx.log.info({ messageSid: sid }, "inbound sms from a sender that is not a phone number; ignored");
    return { outcome: "ignored" };
  }
  const number = await db.smsNumber.findUnique({ where: { id: recorded.numberId }, select: { id: true, phoneNumber: true } });
  const body = p.Body ?? "";
  const keyword = consentKeywordOf(body);

  let stored;
  try {
    stored = await transactionWithEvents(db, async (tx) => {
      const claimed = await tx.webhookEvent.updateMany({
        where: { id: event.id, status: "received" },
        data: { status: "processed", processedAt: new Date(), payload: processedPayload(sid, recorded.numberId, media.length, p.NumSegments ?? null) },
      });
      if (claimed.count === 0) throw new DuplicateDelivery();
      let lead = await tx.lead.findFirst({ where: { phone: from }, select: { id: true, strategyId: true, smsOptedOutAt: true } });
      if (!lead) {
        if (settings.unknownSenders === "ignore") {
          await tx.webhookEvent.updateMany({ where: { id: event.id }, data: { status: "ignored", error: "Unknown sender; the workspace ignores them." } });
          return null;
        }
        const strategy = settings.newLeadStrategyId
          ? await tx.strategy.findFirst({ where: { id: settings.newLeadStrategyId, isActive: true }, select: { id: true } })
          : null;
        lead = await tx.lead.create({
          data: { subAccountId: workspaceId, name: from, phone: from, source: "sms", strategyId: strategy?.id ?? null },
          select: { id: true, strategyId: true, smsOptedOutAt: true },
        });
        await emitLeadCreated(tx, workspaceId, lead.id);
      }
      // START/UNSTOP/YES from a lead who never opted out is an ordinary message ("yes" answers the receptionist).
      const effectiveKeyword = keyword === "opt_in" && !lead.smsOptedOutAt ? null : keyword;
      const consentChange = consentChangeOf(effectiveKeyword, lead.smsOptedOutAt);
      const now = new Date();
      const message = await tx.message.create({
        data: {
          subAccountId: workspaceId,
          leadId: lead.id,
          role: "lead",
          channel: "sms",
          content: encryptMessageContent(workspaceId, lead.id, body),
          // Keywords and messages from a lead who opted out are kept for the conversation; the AI does not answer them.
          status: effectiveKeyword === null && !lead.smsOptedOutAt ? "pending" : "received",
          externalId: sid,
          smsNumberId: number?.id ?? null,
          ourNumber: number?.phoneNumber ?? p.To ?? null,
          media: media.length ? media : undefined,
        },
        select: { id: true, status: true, createdAt: true },
      });
      await tx.lead.update({
        where: { id: lead.id },
        data: {
          lastMessageAt: message.createdAt,
          ...(consentChange === "opted_out" ? { smsOptedOutAt: now } : consentChange === "opted_in" ? { smsOptedOutAt: null } : {}),
        },
        select: { id: true },
      });
      await emitMessageReceived(tx, workspaceId, message.id);
      return { lead, message, consentChange, effectiveKeyword };
    }, TRANSACTION_WAIT);
  } catch (e) {
    if (e instanceof DuplicateDelivery) {
      ctx.log.info({ messageSid: sid }, "inbound sms processed already");
      return { outcome: "duplicate" };
    }
    throw e;
  }
  if (!stored) return { outcome: "ignored" };

  const { lead, message, consentChange, effectiveKeyword } = stored;
  await publishConversationEvent(workspaceId, { leadId: lead.id, kind: "message" });
  if (consentChange) {
    await recordAudit(ctx, {
      action: consentChange === "opted_out" ? "lead.sms_opted_out" : "lead.sms_opted_in",
      subAccountId: workspaceId,
      targetType: "Lead",
      targetId: lead.id,
      changes: { keyword: body.trim().toUpperCase().slice(0, 20), messageId: message.id.toString() },
    });
  }
  const answer =
    consentChange === "opted_out" ? optOutConfirmation(workspace.name)
    : consentChange === "opted_in" ? optInConfirmation(workspace.name)
    : effectiveKeyword === "help" ? settings.helpText
    : null;
  if (answer) {
    await queueLeadSms(ctx, { leadId: lead.id, body: answer, origin: "consent", idempotencyKey: consentIdempotencyKey(sid), smsNumberId: number?.id });
  }
  if (message.status === "pending") {
    const delay = await replyDelayMs(workspaceId, lead.strategyId);
    await enqueue(aiTurnJob, { subAccountId: workspaceId, leadId: lead.id, messageId: message.id.toString() }, { delay });
  }
  return { outcome: "stored", messageId: message.id };
}

/** What a keyword changes: STOP opts out a lead who is opted in (once), START/UNSTOP/YES opts a lead who opted out back in. */
function consentChangeOf(keyword: ConsentKeyword | null, optedOutAt: Date | null): "opted_out" | "opted_in" | null {
  if (keyword === "opt_out" && !optedOutAt) return "opted_out";
  if (keyword === "opt_in" && optedOutAt) return "opted_in";
  return null;
}

