import { getEnv, type Env } from "@/env";
import { LocalOutboxDriver } from "./local";
import type { EmailSender, MessagingDriverName } from "./types";

export type { DeliveryContext, EmailMessage, EmailSender, MessagingDriverName, SendResult, SentSmsQuery, SmsMessage, SmsSender } from "./types";
export { DeliveryError } from "./types";

/** Our sending number when no provider gives one: Twilio's magic test "From" that always succeeds. */
export const LOCAL_SMS_FROM = "+15005550006";

/** Email drivers. SMS are sent per workspace (its own Twilio account, the platform's, or the local outbox): services/sms/sms-channel.ts. */
export interface MessagingDrivers {
  email: EmailSender;
  /** The From of outbound emails. */
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
 * The Postmark adapter is not built yet: its credentials, when set, stop the send with a clear error instead of
 * silently writing to the outbox.
 */
export function createMessagingDrivers(env: Env): MessagingDrivers {
  const names = messagingDriverNames(env);
  const local = new LocalOutboxDriver();
  const pick = <T>(name: MessagingDriverName, localDriver: T): T => {
    if (name === "local") return localDriver;
    throw new Error(`The ${name} messaging adapter is not part of this build yet; unset its credentials to use the local outbox.`);
  };
  return {
    email: pick<EmailSender>(names.email, local),
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
