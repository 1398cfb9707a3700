import type { RequestContext } from "@/server/context";
import { decryptText, encryptText } from "@/server/crypto/encryption";
import { AppError } from "@/server/errors";
import { unsafeRecordInboundSms, unsafeVerifyTwilioWebhook, type TwilioWebhook } from "./twilio-webhook";

export type InboundSmsAcknowledgement = "recorded" | "duplicate" | "ignored";

/** The fields of an inbound SMS the worker needs (the rest of Twilio's form is not kept). */
const KEPT_FIELDS = /^(From|To|Body|NumMedia|NumSegments|MessagingServiceSid|MediaUrl\d|MediaContentType\d)$/;

/** What the WebhookEvent of an inbound SMS holds: our number's id, and the message sealed (it is a lead's text). */
export interface InboundSmsEventPayload {
  numberId: number;
  sealed: string;
}

const sealContext = (workspaceId: number, sid: string) => `twilio-sms:${workspaceId}:${sid}`;

export function unsealInboundSms(workspaceId: number, sid: string, payload: InboundSmsEventPayload): Record<string, string> {
  return JSON.parse(decryptText("webhook-payload", payload.sealed, sealContext(workspaceId, sid))) as Record<string, string>;
}

/**
 * POST /api/webhooks/twilio/sms after the route read it: only what must happen before Twilio gets its answer.
 * Verified first (our number names the workspace, whose auth token checks the signature; twilio-webhook.ts caches
 * that routing), then the delivery is recorded once under its MessageSid (WebhookEvent, unique: a redelivery inserts
 * nothing) with the message sealed, and the `process-inbound-sms` job is queued under a job id of that SID (a
 * redelivery adds nothing either, but queues it again if the first enqueue was lost). Everything else (the lead, the
 * message row, consent keywords, the AI turn) is the job's (process-inbound-sms.ts).
 */
export async function receiveInboundSms(ctx: RequestContext, webhook: TwilioWebhook): Promise<{ outcome: InboundSmsAcknowledgement }> {
  const p = webhook.params;
  const verified = await unsafeVerifyTwilioWebhook(webhook, { number: p.To, messagingServiceSid: p.MessagingServiceSid });
  const sid = p.MessageSid ?? p.SmsSid;
  if (!sid || !/^[A-Za-z0-9]{10,64}$/.test(sid)) throw AppError.field("MessageSid", "The message has no MessageSid.");
  if (!verified) {
    ctx.log.info({ messageSid: sid }, "inbound sms for a number no workspace owns; ignored");
    return { outcome: "ignored" };
  }
  const { workspaceId } = verified;
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(p)) if (KEPT_FIELDS.test(key)) kept[key] = value;
  const payload: InboundSmsEventPayload = { numberId: verified.number.id, sealed: encryptText("webhook-payload", JSON.stringify(kept), sealContext(workspaceId, sid)) };
  const recorded = await unsafeRecordInboundSms({ workspaceId, messageSid: sid, payload });
  return { outcome: recorded ? "recorded" : "duplicate" };
}
