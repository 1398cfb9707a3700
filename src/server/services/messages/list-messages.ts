import { z } from "zod";
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
  media: true,
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
  media: unknown;
  createdAt: Date;
};

/** An inbound email's attachment as stored on `Message.media` (services/email/process-inbound-email.ts). */
const storedAttachmentSchema = z.object({ key: z.string(), name: z.string(), contentType: z.string(), size: z.number() });
const emailMediaSchema = z.object({
  attachments: z.array(storedAttachmentSchema).default([]),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })).default([]),
});

/** The attachments stored with a message (keys included: server side only) and those refused; none for other media. */
export function emailMediaOf(media: unknown): z.output<typeof emailMediaSchema> {
  const parsed = media && typeof media === "object" && !Array.isArray(media) ? emailMediaSchema.safeParse(media) : null;
  return parsed?.success ? parsed.data : { attachments: [], skipped: [] };
}

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
    ...attachmentsView(row.media),
    createdAt: row.createdAt,
  };
}

/** Name, type and size of each stored attachment (downloaded by its index through messages.attachmentDownload). */
function attachmentsView(media: unknown) {
  const { attachments, skipped } = emailMediaOf(media);
  return {
    attachments: attachments.map((a, index) => ({ index, name: a.name, contentType: a.contentType, size: a.size })),
    skippedAttachments: skipped,
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
