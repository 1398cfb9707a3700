import type { Prisma } from "@/generated/prisma/client";
import type { RequestContext, WorkspaceContext } from "@/server/context";
import { tenantDb } from "@/server/db/tenant";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { aiTurnJob } from "@/server/jobs/ai-turn";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { recordAudit } from "@/server/services/audit/record-audit";
import { replyDelayMs, TRANSACTION_WAIT } from "@/server/services/messages/receive-lead-message";
import { encryptMessageContent } from "@/server/services/messages/message-content";
import { normalizePhone, regionFromSettings } from "@/server/services/phone";
import { consentKeywordOf, optInConfirmation, optOutConfirmation, type ConsentKeyword } from "./consent";
import { consentIdempotencyKey, queueLeadSms } from "./queue-lead-sms";
import { smsSettingsOf } from "./settings";
import { unsafeVerifyTwilioWebhook, type TwilioWebhook } from "./twilio-webhook";

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

/**
 * POST /api/webhooks/twilio/sms after the route read it. Verified first (twilio-webhook.ts), then, in one transaction,
 * the delivery is recorded under its MessageSid (WebhookEvent, unique) together with the lead's message, so Twilio's
 * retries store one message and queue one AI turn. A sender the workspace does not know becomes a lead (source "sms")
 * or is ignored, per the workspace's setting. Consent keywords change the lead's consent and are answered at once;
 * other messages get the AI's reply after the strategy's pacing.
 */
export async function receiveInboundSms(ctx: RequestContext, webhook: TwilioWebhook): Promise<{ outcome: InboundSmsOutcome; messageId?: bigint }> {
  const p = webhook.params;
  const verified = await unsafeVerifyTwilioWebhook(webhook, { number: p.To, messagingServiceSid: p.MessagingServiceSid });
  const sid = p.MessageSid ?? p.SmsSid;
  if (!sid || !/^[A-Za-z0-9]{10,64}$/.test(sid)) throw AppError.field("MessageSid", "The message has no MessageSid.");
  if (!verified?.workspace.isActive) {
    ctx.log.info({ messageSid: sid }, "inbound sms for a number no active workspace owns; ignored");
    return { outcome: "ignored" };
  }
  const { workspace, number } = verified;
  const db = tenantDb(workspace.id);
  const settings = smsSettingsOf(workspace);
  let from: string;
  try {
    from = normalizePhone(p.From ?? "", regionFromSettings(workspace.settings), "From");
  } catch {
    ctx.log.info({ messageSid: sid, subAccountId: workspace.id }, "inbound sms from a sender that is not a phone number; ignored");
    return { outcome: "ignored" };
  }
  const body = p.Body ?? "";
  const keyword = consentKeywordOf(body);
  const media = mediaOf(p);

  let stored;
  try {
    stored = await db.$transaction(async (tx) => {
      try {
        await tx.webhookEvent.create({
          data: {
            subAccountId: workspace.id,
            provider: "twilio",
            providerEventId: `sms:${sid}`,
            // Ids and counts only: the text lives encrypted on the message.
            payload: { MessageSid: sid, NumMedia: media.length, NumSegments: p.NumSegments ?? null } as Prisma.InputJsonValue,
            status: "processed",
            processedAt: new Date(),
          },
          select: { id: true },
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new DuplicateDelivery();
        throw e;
      }
      let lead = await tx.lead.findFirst({ where: { phone: from }, select: { id: true, strategyId: true, smsOptedOutAt: true } });
      if (!lead) {
        if (settings.unknownSenders === "ignore") {
          await tx.webhookEvent.updateMany({ where: { provider: "twilio", providerEventId: `sms:${sid}` }, data: { status: "ignored" } });
          return null;
        }
        const strategy = settings.newLeadStrategyId
          ? await tx.strategy.findFirst({ where: { id: settings.newLeadStrategyId, isActive: true }, select: { id: true } })
          : null;
        lead = await tx.lead.create({
          data: { subAccountId: workspace.id, name: from, phone: from, source: "sms", strategyId: strategy?.id ?? null },
          select: { id: true, strategyId: true, smsOptedOutAt: true },
        });
      }
      // START/UNSTOP/YES from a lead who never opted out is an ordinary message ("yes" answers the receptionist).
      const effectiveKeyword = keyword === "opt_in" && !lead.smsOptedOutAt ? null : keyword;
      const consentChange = consentChangeOf(effectiveKeyword, lead.smsOptedOutAt);
      const now = new Date();
      const message = await tx.message.create({
        data: {
          subAccountId: workspace.id,
          leadId: lead.id,
          role: "lead",
          channel: "sms",
          content: encryptMessageContent(workspace.id, lead.id, body),
          // Keywords and messages from a lead who opted out are kept for the conversation; the AI does not answer them.
          status: effectiveKeyword === null && !lead.smsOptedOutAt ? "pending" : "received",
          externalId: sid,
          smsNumberId: number.id,
          ourNumber: number.phoneNumber ?? p.To ?? null,
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
      return { lead, message, consentChange, effectiveKeyword };
    }, TRANSACTION_WAIT);
  } catch (e) {
    if (e instanceof DuplicateDelivery) {
      ctx.log.info({ messageSid: sid, subAccountId: workspace.id }, "inbound sms delivered again; already stored");
      return { outcome: "duplicate" };
    }
    throw e;
  }
  if (!stored) return { outcome: "ignored" };

  const { lead, message, consentChange, effectiveKeyword } = stored;
  await publishConversationEvent(workspace.id, { leadId: lead.id, kind: "message" });
  const wctx: WorkspaceContext = { ...ctx, account: null, workspace: { id: workspace.id, name: workspace.name }, db, actingAsAdmin: false };
  if (consentChange) {
    await recordAudit(ctx, {
      action: consentChange === "opted_out" ? "lead.sms_opted_out" : "lead.sms_opted_in",
      subAccountId: workspace.id,
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
    await queueLeadSms(wctx, { leadId: lead.id, body: answer, origin: "consent", idempotencyKey: consentIdempotencyKey(sid), smsNumberId: number.id });
  }
  if (message.status === "pending") {
    const delay = await replyDelayMs(workspace.id, lead.strategyId);
    await enqueue(aiTurnJob, { subAccountId: workspace.id, leadId: lead.id, messageId: message.id.toString() }, { delay });
  }
  return { outcome: "stored", messageId: message.id };
}

/** What a keyword changes: STOP opts out a lead who is opted in (once), START/UNSTOP/YES opts a lead who opted out back in. */
function consentChangeOf(keyword: ConsentKeyword | null, optedOutAt: Date | null): "opted_out" | "opted_in" | null {
  if (keyword === "opt_out" && !optedOutAt) return "opted_out";
  if (keyword === "opt_in" && optedOutAt) return "opted_in";
  return null;
}

