import { getEnv, type Env } from "@/env";
import { LocalOutboxDriver } from "./local";
import { PostmarkEmailDriver } from "./postmark";
import type { EmailSender, MessagingDriverName } from "./types";

export type { DeliveryContext, EmailAttachment, EmailHeader, EmailMessage, EmailStream, EmailSender, MessagingDriverName, SendResult, SentSmsQuery, SmsMessage, SmsSender } from "./types";
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

/** The platform's Postmark driver (POSTMARK_API_KEY), or null when email goes to the local outbox. */
export function platformPostmarkDriver(env: Env, serverToken = env.POSTMARK_API_KEY): PostmarkEmailDriver | null {
  if (!serverToken) return null;
  return new PostmarkEmailDriver(serverToken, {
    apiBaseUrl: env.POSTMARK_API_URL,
    streams: { transactional: env.POSTMARK_TRANSACTIONAL_STREAM, broadcast: env.POSTMARK_BROADCAST_STREAM },
  });
}

/** Notification emails (and workspaces without their own server token) go through the platform's Postmark server. */
export function createMessagingDrivers(env: Env): MessagingDrivers {
  return {
    email: platformPostmarkDriver(env) ?? new LocalOutboxDriver(),
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
