import { getEnv, type Env } from "@/env";
import { LocalOutboxDriver } from "./local";
import type { EmailSender, MessagingDriverName, SmsSender } from "./types";

export type { DeliveryContext, EmailMessage, EmailSender, MessagingDriverName, SendResult, SmsMessage, SmsSender } from "./types";
export { DeliveryError } from "./types";

/** Our sending number when no provider gives one: Twilio's magic test "From" that always succeeds. */
export const LOCAL_SMS_FROM = "+15005550006";

export interface MessagingDrivers {
  sms: SmsSender;
  email: EmailSender;
  /** The From values jobs put on outbound messages. */
  smsFrom: string;
  emailFrom: string;
}

/** Which driver each channel uses: a provider when its credentials are set, else the local outbox. */
export function messagingDriverNames(env: Env): { sms: MessagingDriverName; email: MessagingDriverName } {
  return {
    sms: env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN ? "twilio" : "local",
    email: env.POSTMARK_API_KEY ? "postmark" : "local",
  };
}

/**
 * The vendor adapters (twilio and postmark SDKs, both installed) arrive with the messaging issue: each becomes a
 * class implementing SmsSender / EmailSender in this folder and one case below. Until then, credentials that
 * are set stop the send with a clear error instead of silently writing to the outbox.
 */
export function createMessagingDrivers(env: Env): MessagingDrivers {
  const names = messagingDriverNames(env);
  const local = new LocalOutboxDriver();
  const pick = <T>(name: MessagingDriverName, localDriver: T): T => {
    if (name === "local") return localDriver;
    throw new Error(`The ${name} messaging adapter is not part of this build yet; unset its credentials to use the local outbox.`);
  };
  return {
    sms: pick<SmsSender>(names.sms, local),
    email: pick<EmailSender>(names.email, local),
    smsFrom: env.TWILIO_PHONE_NUMBER ?? LOCAL_SMS_FROM,
    emailFrom: env.EMAIL_FROM,
  };
}

let cached: MessagingDrivers | undefined;

export function getMessagingDrivers(): MessagingDrivers {
  cached ??= createMessagingDrivers(getEnv());
  return cached;
}

/** Tests change the environment between files; this forgets the drivers. */
export function resetMessagingDriversCache(): void {
  cached = undefined;
}
