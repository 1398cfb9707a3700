import type { Env } from "@/env";
import { unsafeDb } from "@/server/db/client";
import { messagingDriverNames } from "@/server/integrations/messaging";
import { decryptOutboxBody } from "@/server/integrations/messaging/local";
import { DecryptionError } from "@/server/crypto/encryption";

/**
 * The development mailbox: every email the local outbox driver recorded, newest first, for a person trying the
 * product on their own machine (finishing sign-up, resetting a password) without a mail provider. It shows every
 * workspace's mail with its links, so it exists only when no real mail can be sent (the local email driver) and the
 * server is a development one (`npm run dev`) or was started with DEV_MAILBOX=true (`npm start` sets it). Anything
 * else answers 404.
 */
export function devMailboxEnabled(env: Pick<Env, "NODE_ENV" | "DEV_MAILBOX" | "POSTMARK_API_KEY" | "TWILIO_ACCOUNT_SID" | "TWILIO_AUTH_TOKEN">): boolean {
  if (messagingDriverNames(env as Env).email !== "local") return false;
  return env.NODE_ENV === "development" || env.DEV_MAILBOX === "true";
}

export interface MailboxEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
}

/** The newest `limit` emails (to one address when `to` is given). */
export async function listMailbox(limit = 50, to?: string): Promise<MailboxEmail[]> {
  const rows = await unsafeDb.outboxMessage.findMany({
    where: { channel: "email", ...(to ? { to } : {}) },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, subAccountId: true, externalId: true, to: true, subject: true, body: true, createdAt: true },
  });
  return rows.map((row) => ({ id: String(row.id), to: row.to, subject: row.subject ?? "(no subject)", text: textOf(row), createdAt: row.createdAt }));
}

function textOf(row: { subAccountId: number; externalId: string; body: string }): string {
  try {
    return (JSON.parse(decryptOutboxBody(row)) as { text: string }).text;
  } catch (e) {
    if (e instanceof DecryptionError) return "(Stored under another encryption key: this server cannot show it.)";
    throw e;
  }
}
