import { decryptText, encryptText } from "@/server/crypto/encryption";

/**
 * Message.content (and ConversationSummary.summary) hold AES-256-GCM ciphertext bound to the workspace and lead,
 * so a value copied into another lead's conversation does not decrypt. Every read and write of that column goes
 * through these two functions.
 */
const contextOf = (subAccountId: number, leadId: number) => `message:${subAccountId}:${leadId}`;

export function encryptMessageContent(subAccountId: number, leadId: number, text: string): string {
  return encryptText("message-content", text, contextOf(subAccountId, leadId));
}

export function decryptMessageContent(row: { subAccountId: number; leadId: number; content: string }): string {
  return decryptText("message-content", row.content, contextOf(row.subAccountId, row.leadId));
}

/** An email's subject (Message.subject), encrypted like its content but under its own context. */
export function encryptMessageSubject(subAccountId: number, leadId: number, subject: string): string {
  return encryptText("message-content", subject, `${contextOf(subAccountId, leadId)}:subject`);
}

export function decryptMessageSubject(row: { subAccountId: number; leadId: number; subject: string | null }): string | null {
  return row.subject === null ? null : decryptText("message-content", row.subject, `${contextOf(row.subAccountId, row.leadId)}:subject`);
}

export function encryptSummary(subAccountId: number, leadId: number, text: string): string {
  return encryptText("conversation-summary", text, contextOf(subAccountId, leadId));
}

export function decryptSummary(row: { subAccountId: number; leadId: number; summary: string }): string {
  return decryptText("conversation-summary", row.summary, contextOf(row.subAccountId, row.leadId));
}
