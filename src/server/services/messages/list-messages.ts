import type { z } from "zod";
import type { listMessagesSchema } from "@/schemas/messages";
import type { WorkspaceContext } from "@/server/context";
import { DecryptionError } from "@/server/crypto/encryption";
import { AppError } from "@/server/errors";
import { decryptMessageContent, decryptMessageSubject } from "./message-content";

export const messageViewFields = {
  id: true,
  subAccountId: true,
  leadId: true,
  role: true,
  channel: true,
  content: true,
  subject: true,
  status: true,
  error: true,
  toolCalls: true,
  createdAt: true,
} as const;

type MessageRow = {
  id: bigint;
  subAccountId: number;
  leadId: number;
  role: string;
  channel: string;
  content: string;
  subject: string | null;
  status: string;
  error: string | null;
  toolCalls: unknown;
  createdAt: Date;
};

/** A tool call as the AI turn records it on its reply (see agents/tools.ts ToolCallRecord). */
export interface MessageToolCall {
  name: string;
  arguments: unknown;
  ok: boolean;
  result: unknown;
}

/** A message as the inbox shows it: decrypted; a row that does not decrypt shows as unreadable instead of failing the list. */
export function messageView(row: MessageRow) {
  let content: string | null;
  let subject: string | null;
  try {
    content = decryptMessageContent(row);
    subject = decryptMessageSubject(row);
  } catch (e) {
    if (!(e instanceof DecryptionError)) throw e;
    content = null;
    subject = null;
  }
  return {
    id: Number(row.id),
    leadId: row.leadId,
    role: row.role,
    channel: row.channel,
    status: row.status,
    subject,
    content,
    error: row.error,
    toolCalls: Array.isArray(row.toolCalls) ? (row.toolCalls as MessageToolCall[]).map(({ name, arguments: args, ok, result }) => ({ name, arguments: args, ok, result })) : [],
    createdAt: row.createdAt,
  };
}

/** A lead's messages, newest first, `limit` at a time (cursor: the last id of the previous page). */
export async function listMessages(ctx: WorkspaceContext, input: z.output<typeof listMessagesSchema>) {
  const lead = await ctx.db.lead.findUnique({ where: { id: input.leadId }, select: { id: true } });
  if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  const rows = await ctx.db.message.findMany({
    where: { leadId: lead.id, ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: messageViewFields,
  });
  const items = rows.slice(0, input.limit).map(messageView);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
