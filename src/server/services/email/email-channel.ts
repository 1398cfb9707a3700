import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/env";
import { decryptText, encryptText } from "@/server/crypto/encryption";
import { LocalOutboxDriver } from "@/server/integrations/messaging/local";
import { platformPostmarkDriver } from "@/server/integrations/messaging";
import type { PostmarkEmailDriver } from "@/server/integrations/messaging/postmark";
import type { EmailSender } from "@/server/integrations/messaging/types";

/** Where a workspace's emails go: its own Postmark server, the platform's, or (no token anywhere) the local outbox. */
export type EmailAccountSource = "workspace" | "platform" | "local";

export const INBOUND_EMAIL_PATH = "/api/webhooks/postmark/inbound";
export const EMAIL_EVENTS_PATH = "/api/webhooks/postmark/events";
export const UNSUBSCRIBE_PATH = "/api/public/unsubscribe";

const credentialContext = (workspaceId: number) => `postmark-server-token:${workspaceId}`;

export function encryptPostmarkToken(workspaceId: number, token: string): string {
  return encryptText("integration-credentials", token, credentialContext(workspaceId));
}

function decryptPostmarkToken(workspaceId: number, value: string): string {
  return decryptText("integration-credentials", value, credentialContext(workspaceId));
}

/** 20 characters of [a-z2-7] (100 bits): the mailbox hash of an inbound address; lowercase, since mail systems fold case. */
export function newMailboxToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return Array.from(randomBytes(20), (b) => alphabet[b & 31]).join("");
}

export const MAILBOX_TOKEN = /^[a-z2-7]{20}$/;

/** The address leads write to first: inbox+<workspace token>@<inbound domain>. */
export function inboundAddress(token: string): string {
  return `inbox+${token}@${getEnv().POSTMARK_INBOUND_DOMAIN}`;
}

/** The Reply-To of a conversation's emails: reply+<conversation token>@<inbound domain>. */
export function replyToAddress(token: string): string {
  return `reply+${token}@${getEnv().POSTMARK_INBOUND_DOMAIN}`;
}

export interface EmailSettingsRow {
  fromName: string | null;
  fromAddress: string | null;
  serverToken: string | null;
}

export interface EmailChannel {
  source: EmailAccountSource;
  sender: EmailSender;
  /** "Name" <address>: the workspace's sender, or the platform's address under the workspace's name. */
  from: string;
}

const drivers = new Map<string, PostmarkEmailDriver>();
let localDriver: LocalOutboxDriver | undefined;

/** The address part of EMAIL_FROM ("Loctelli <no-reply@…>" or a bare address). */
export function platformAddress(): string {
  const from = getEnv().EMAIL_FROM;
  return /<([^>]+)>/.exec(from)?.[1]?.trim() ?? from.trim();
}

/** A display name as RFC 5322 wants it: quoted, with quotes and backslashes escaped, no line breaks. */
export function formatFrom(name: string, address: string): string {
  const clean = name.replace(/[\r\n]+/g, " ").replace(/["\\]/g, "\\$&").trim();
  return clean ? `"${clean}" <${address}>` : address;
}

/** The workspace's sending account and From, from its EmailSettings row (null: none yet). */
export function emailChannelFrom(workspace: { id: number; name: string }, settings: EmailSettingsRow | null): EmailChannel {
  const env = getEnv();
  const from = formatFrom(settings?.fromName ?? workspace.name, settings?.fromAddress ?? platformAddress());
  if (settings?.serverToken) {
    const token = decryptPostmarkToken(workspace.id, settings.serverToken);
    const key = createHash("sha256").update(`${token}:${env.POSTMARK_API_URL ?? ""}`).digest("hex");
    let driver = drivers.get(key);
    if (!driver) {
      driver = platformPostmarkDriver(env, token)!;
      drivers.set(key, driver);
    }
    return { source: "workspace", sender: driver, from };
  }
  const platform = env.POSTMARK_API_KEY ? platformPostmarkDriver(env) : null;
  if (platform) return { source: "platform", sender: platform, from };
  localDriver ??= new LocalOutboxDriver();
  return { source: "local", sender: localDriver, from };
}

/** Tests change POSTMARK_* between files. */
export function resetEmailChannels(): void {
  drivers.clear();
}

/**
 * The one-click unsubscribe token of an address in a workspace (RFC 8058 links): `<workspace>.<address, base64url>.<HMAC>`,
 * keyed by a key derived from ENCRYPTION_KEY. Nothing is stored; the link works until the key changes.
 */
function unsubscribeMac(payload: string): Buffer {
  const key = createHash("sha256").update(`loctelli unsubscribe v1:${getEnv().ENCRYPTION_KEY}`).digest();
  return createHmac("sha256", key).update(payload).digest().subarray(0, 16);
}

export function unsubscribeToken(workspaceId: number, email: string): string {
  const payload = `${workspaceId}.${Buffer.from(email.toLowerCase()).toString("base64url")}`;
  return `${payload}.${unsubscribeMac(payload).toString("base64url")}`;
}

/** The workspace and address of a token, or null when it is malformed or not ours. */
export function readUnsubscribeToken(token: string): { workspaceId: number; email: string } | null {
  const match = /^(\d{1,10})\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return null;
  const expected = unsubscribeMac(`${match[1]}.${match[2]}`);
  const given = Buffer.from(match[3]!, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const workspaceId = Number(match[1]);
  if (!Number.isSafeInteger(workspaceId) || workspaceId <= 0 || workspaceId > 2_147_483_647) return null;
  return { workspaceId, email: Buffer.from(match[2]!, "base64url").toString("utf8") };
}

export function unsubscribeUrl(workspaceId: number, email: string): string {
  return `${getEnv().publicUrl}${UNSUBSCRIBE_PATH}?token=${unsubscribeToken(workspaceId, email)}`;
}
