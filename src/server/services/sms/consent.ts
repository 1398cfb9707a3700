import { DeliveryError } from "@/server/integrations/messaging";

/**
 * Carrier consent keywords (CTIA): the whole message, any case, surrounding spaces and punctuation ignored.
 * START/UNSTOP/YES only opt back in a lead who opted out; from anyone else they are ordinary messages ("yes" is
 * a common answer to the receptionist).
 */
const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const OPT_IN = new Set(["START", "UNSTOP", "YES"]);
const HELP = new Set(["HELP", "INFO"]);

export type ConsentKeyword = "opt_out" | "opt_in" | "help";

export function consentKeywordOf(body: string): ConsentKeyword | null {
  const word = body.trim().replace(/[.!?]+$/, "").toUpperCase();
  if (OPT_OUT.has(word)) return "opt_out";
  if (OPT_IN.has(word)) return "opt_in";
  if (HELP.has(word)) return "help";
  return null;
}

/** Replies to consent keywords carry this idempotency key prefix: they go out even to a lead who just opted out. */
export const CONSENT_REPLY_PREFIX = "sms-consent:";

export function isConsentReply(idempotencyKey: string | null): boolean {
  return idempotencyKey?.startsWith(CONSENT_REPLY_PREFIX) ?? false;
}

export function optOutConfirmation(workspaceName: string): string {
  return `${workspaceName}: you are unsubscribed and will receive no more messages. Reply START to subscribe again.`;
}

export function optInConfirmation(workspaceName: string): string {
  return `${workspaceName}: you are subscribed again. Reply STOP to unsubscribe, HELP for help.`;
}

export function optedOutError(optedOutAt: Date): DeliveryError {
  return new DeliveryError(`The lead opted out of SMS (replied STOP on ${optedOutAt.toISOString().slice(0, 10)}); nothing can be sent until they text START.`, {
    permanent: true,
    providerCode: "opted-out",
  });
}
