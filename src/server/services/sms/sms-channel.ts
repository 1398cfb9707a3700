import { createHash, hkdfSync } from "node:crypto";
import { getEnv } from "@/env";
import { decryptText, encryptText } from "@/server/crypto/encryption";
import { tenantDb } from "@/server/db/tenant";
import { LocalOutboxDriver } from "@/server/integrations/messaging/local";
import { TwilioSmsDriver, type TwilioCredentials } from "@/server/integrations/messaging/twilio";
import type { SmsSender } from "@/server/integrations/messaging/types";

/** Where a workspace's SMS go: its own Twilio account, the platform's, or (no credentials anywhere) the local outbox. */
export type SmsAccountSource = "workspace" | "platform" | "local";

export interface SmsChannel {
  source: SmsAccountSource;
  sender: SmsSender;
  /** The token Twilio signs this workspace's webhooks with (the local one for the phone simulator). */
  webhookAuthToken: string;
}

export const STATUS_CALLBACK_PATH = "/api/webhooks/twilio/status";
export const INBOUND_SMS_PATH = "/api/webhooks/twilio/sms";

const credentialContext = (workspaceId: number) => `twilio-auth-token:${workspaceId}`;

export function encryptTwilioAuthToken(workspaceId: number, token: string): string {
  return encryptText("integration-credentials", token, credentialContext(workspaceId));
}

function decryptTwilioAuthToken(workspaceId: number, value: string): string {
  return decryptText("integration-credentials", value, credentialContext(workspaceId));
}

/**
 * With no Twilio account at all, the phone simulator and the local driver's delivery receipts still go through the
 * real webhook routes, signed as Twilio would sign them, with this token (derived from ENCRYPTION_KEY, never stored).
 */
export function localTwilioAuthToken(): string {
  return Buffer.from(hkdfSync("sha256", Buffer.from(getEnv().ENCRYPTION_KEY, "base64"), Buffer.alloc(0), "loctelli local twilio v1", 16)).toString("hex");
}

const drivers = new Map<string, TwilioSmsDriver>();
let localDriver: LocalOutboxDriver | undefined;

function twilioDriver(credentials: TwilioCredentials): TwilioSmsDriver {
  const env = getEnv();
  const key = createHash("sha256").update(`${credentials.accountSid}:${credentials.authToken}:${env.TWILIO_API_URL ?? ""}:${env.publicUrl}`).digest("hex");
  let driver = drivers.get(key);
  if (!driver) {
    driver = new TwilioSmsDriver(credentials, { apiBaseUrl: env.TWILIO_API_URL, statusCallbackUrl: `${env.publicUrl}${STATUS_CALLBACK_PATH}` });
    drivers.set(key, driver);
  }
  return driver;
}

export function platformTwilioCredentials(): TwilioCredentials | null {
  const env = getEnv();
  return env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN ? { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN } : null;
}

/** The credentials the workspace sends with (its own, else the platform's), or none: the local outbox. */
export async function smsCredentialsOf(workspaceId: number): Promise<{ source: SmsAccountSource; credentials: TwilioCredentials | null }> {
  const own = await tenantDb(workspaceId).twilioAccount.findFirst({ select: { accountSid: true, authToken: true } });
  if (own) return { source: "workspace", credentials: { accountSid: own.accountSid, authToken: decryptTwilioAuthToken(workspaceId, own.authToken) } };
  const platform = platformTwilioCredentials();
  return platform ? { source: "platform", credentials: platform } : { source: "local", credentials: null };
}

/** The workspace's SMS account: its own credentials first, then the platform's, then the local outbox. */
export async function smsChannelOf(workspaceId: number): Promise<SmsChannel> {
  const { source, credentials } = await smsCredentialsOf(workspaceId);
  if (credentials) return { source, sender: twilioDriver(credentials), webhookAuthToken: credentials.authToken };
  localDriver ??= new LocalOutboxDriver();
  return { source: "local", sender: localDriver, webhookAuthToken: localTwilioAuthToken() };
}

/** Tests change TWILIO_* between files. */
export function resetSmsChannels(): void {
  drivers.clear();
}
