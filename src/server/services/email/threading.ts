import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { getEnv } from "@/env";
import { DeliveryError } from "@/server/integrations/messaging/types";
import { newMailboxToken } from "./email-channel";

type Tx = Prisma.TransactionClient;

export interface ThreadHeaders {
  /** Our Message-ID of this email, "<…@inbound domain>". */
  messageId: string;
  /** The Message-ID of the conversation's previous email (the lead's, usually), so clients thread the reply. */
  inReplyTo: string | null;
  /** The previous email's References plus its Message-ID (the newest 10). */
  references: string | null;
}

const MAX_REFERENCES = 10;

/** A Message-ID as it appears in headers: "<local@domain>" (angle brackets added when a client left them out). */
export function normalizeMessageId(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v || v.length > 998 || /[\s]/.test(v)) return null;
  return v.startsWith("<") ? v : `<${v}>`;
}

/** The ids of a References header, newest last. */
export function referenceIds(value: string | null | undefined): string[] {
  return (value ?? "").match(/<[^<>\s]+>/g) ?? [];
}

/**
 * Message-ID, In-Reply-To and References of an outbound email: ours is stable per message (a retried send carries the
 * same one), and the thread continues from the newest earlier email of the conversation with a Message-ID.
 * `tx` is the send's transaction (unscoped): every query names the workspace.
 */
export async function threadHeaders(tx: Tx, workspaceId: number, message: { id: bigint; leadId: number }): Promise<ThreadHeaders> {
  const digest = createHash("sha256").update(`${workspaceId}:${message.id}:${getEnv().ENCRYPTION_KEY}`).digest("hex").slice(0, 12);
  const messageId = `<m${message.id}.${digest}@${getEnv().POSTMARK_INBOUND_DOMAIN}>`;
  const previous = await tx.message.findFirst({
    where: { subAccountId: workspaceId, leadId: message.leadId, channel: "email", emailMessageId: { not: null }, id: { lt: message.id } },
    orderBy: { id: "desc" },
    select: { emailMessageId: true, emailReferences: true },
  });
  if (!previous?.emailMessageId) return { messageId, inReplyTo: null, references: null };
  const references = [...referenceIds(previous.emailReferences), previous.emailMessageId].slice(-MAX_REFERENCES).join(" ");
  return { messageId, inReplyTo: previous.emailMessageId, references };
}

/** The lead's per-conversation reply token, given on its first email (a concurrent send may have given it first). */
export async function giveReplyToken(tx: Tx, workspaceId: number, leadId: number): Promise<string> {
  await tx.lead.updateMany({ where: { subAccountId: workspaceId, id: leadId, emailReplyToken: null }, data: { emailReplyToken: newMailboxToken() } });
  const lead = await tx.lead.findFirstOrThrow({ where: { subAccountId: workspaceId, id: leadId }, select: { emailReplyToken: true } });
  return lead.emailReplyToken!;
}

const REASONS = {
  bounce: "it bounced permanently",
  spam_complaint: "its owner marked an earlier email as spam",
  unsubscribed: "its owner unsubscribed",
} as const;

/** The sentence a refused send carries (shown on the message and the lead). */
export function suppressionMessage(reason: keyof typeof REASONS): string {
  return `No email is sent to this address: ${REASONS[reason]}. A person can lift this on the lead's page once the address is known to work.`;
}

/** Every send to a suppressed address (bounce, spam complaint, unsubscribe) is refused, permanently. */
export async function refuseSuppressed(tx: Tx, workspaceId: number, email: string): Promise<void> {
  const suppressed = await tx.emailSuppression.findFirst({ where: { subAccountId: workspaceId, email: email.toLowerCase() }, select: { reason: true } });
  if (suppressed) throw new DeliveryError(suppressionMessage(suppressed.reason), { permanent: true, providerCode: "suppressed" });
}
