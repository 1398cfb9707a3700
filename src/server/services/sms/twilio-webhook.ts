import { getEnv } from "@/env";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { isValidTwilioSignature } from "@/server/integrations/messaging/twilio";
import { localTwilioAuthToken, platformTwilioCredentials, smsChannelOf } from "./sms-channel";

/** A Twilio webhook as it arrived: its form fields, the public URL Twilio called, and its signature header. */
export interface TwilioWebhook {
  params: Record<string, string>;
  url: string;
  signature: string | null;
}

/**
 * The URL Twilio signed: PUBLIC_URL (or APP_URL) with the request's path and query. Behind trusted proxies
 * (TRUST_PROXY_HOPS > 0) the scheme and host they forwarded are used instead; otherwise those headers are ignored,
 * since anyone could send them.
 */
export function publicUrlOf(req: Request): string {
  const env = getEnv();
  const { pathname, search } = new URL(req.url);
  if (env.TRUST_PROXY_HOPS > 0) {
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
    const host = (req.headers.get("x-forwarded-host") ?? req.headers.get("host"))?.split(",")[0]?.trim();
    if (proto && host) return `${proto}://${host}${pathname}${search}`;
  }
  return `${env.publicUrl}${pathname}${search}`;
}

/** Twilio posts application/x-www-form-urlencoded; anything else has no fields (and fails the signature check). */
export async function readTwilioWebhook(req: Request): Promise<TwilioWebhook> {
  const type = req.headers.get("content-type") ?? "";
  const params: Record<string, string> = {};
  if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(await req.text())) params[key] = value;
  }
  return { params, url: publicUrlOf(req), signature: req.headers.get("x-twilio-signature") };
}

export interface VerifiedNumber {
  workspace: { id: number; name: string; settings: unknown; isActive: boolean };
  number: { id: number; phoneNumber: string | null };
}

const FORGED = () => new AppError("FORBIDDEN", "The request is not signed by Twilio.");

/**
 * Finds the workspace from what we own (our number, or our Messaging Service) and checks the signature with that
 * workspace's auth token. A number nobody owns is checked against the platform's token (or the local one): a valid
 * request for it gets null (acknowledged, nothing stored); an unsigned or forged one is refused.
 * Unscoped lookup by nature: the number is what tells us the workspace.
 */
export async function unsafeVerifyTwilioWebhook(webhook: TwilioWebhook, ours: { number?: string; messagingServiceSid?: string }): Promise<VerifiedNumber | null> {
  if (!webhook.signature) throw FORGED();
  const select = { id: true, phoneNumber: true, subAccount: { select: { id: true, name: true, settings: true, isActive: true } } } as const;
  const number =
    (ours.number ? await unsafeDb.smsNumber.findUnique({ where: { phoneNumber: ours.number }, select }) : null) ??
    (ours.messagingServiceSid ? await unsafeDb.smsNumber.findUnique({ where: { messagingServiceSid: ours.messagingServiceSid }, select }) : null);
  if (!number) {
    const token = platformTwilioCredentials()?.authToken ?? (getEnv().phoneSimulator ? localTwilioAuthToken() : null);
    if (!token || !isValidTwilioSignature(token, webhook.signature, webhook.url, webhook.params)) throw FORGED();
    return null;
  }
  const channel = await smsChannelOf(number.subAccount.id);
  if (channel.source === "local" && !getEnv().phoneSimulator) throw FORGED();
  if (!isValidTwilioSignature(channel.webhookAuthToken, webhook.signature, webhook.url, webhook.params)) throw FORGED();
  return { workspace: number.subAccount, number: { id: number.id, phoneNumber: number.phoneNumber } };
}

/** The empty TwiML answer: we reply later through the REST API, after the strategy's pacing. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
