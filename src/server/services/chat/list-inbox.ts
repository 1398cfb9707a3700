import type { z } from "zod";
import type { inboxSchema } from "@/schemas/chat";
import type { WorkspaceContext } from "@/server/context";
import { DecryptionError } from "@/server/crypto/encryption";
import { AppError } from "@/server/errors";
import { dateTimeSchema, idSchema } from "@/schemas/common";
import { decryptMessageContent } from "@/server/services/messages/message-content";
import { TEST_CHAT_SOURCE } from "./test-chat";

const PREVIEW_CHARS = 140;

type Cursor = { at: string; id: number };
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    if (typeof c.at === "string" && dateTimeSchema.safeParse(c.at).success && idSchema.safeParse(c.id).success) return c;
  } catch {
    // falls through to the error below
  }
  throw AppError.field("cursor", "This cursor is not valid; start from the first page.");
}

/**
 * Conversations of the workspace, newest activity first (keyset on lastMessageAt, id): the lead, whether the AI is
 * on, how many of the lead's messages wait for a person, and the latest message decrypted as a short preview.
 * Test-chat leads are not conversations.
 */
export async function listInbox(ctx: WorkspaceContext, input: z.output<typeof inboxSchema>) {
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const leads = await ctx.db.lead.findMany({
    where: {
      lastMessageAt: { not: null },
      OR: [{ source: null }, { source: { not: TEST_CHAT_SOURCE } }],
      ...(input.waitingOnly ? { messages: { some: { role: "lead", status: { in: ["pending", "needs_human"] } } } } : {}),
      ...(cursor
        ? { AND: [{ OR: [{ lastMessageAt: { lt: new Date(cursor.at) } }, { lastMessageAt: new Date(cursor.at), id: { lt: cursor.id } }] }] }
        : {}),
    },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: { id: true, name: true, status: true, aiPaused: true, aiPausedReason: true, lastMessageAt: true },
  });
  const page = leads.slice(0, input.limit);
  const ids = page.map((l) => l.id);
  const [waiting, latest] = await Promise.all([
    ctx.db.message.groupBy({
      by: ["leadId"],
      where: { leadId: { in: ids }, role: "lead", status: { in: ["pending", "needs_human"] } },
      _count: { _all: true },
    }),
    Promise.all(
      ids.map((leadId) =>
        ctx.db.message.findFirst({
          where: { leadId, role: { in: ["lead", "assistant", "human"] } },
          orderBy: { id: "desc" },
          select: { subAccountId: true, leadId: true, role: true, channel: true, content: true, status: true, createdAt: true },
        }),
      ),
    ),
  ]);
  const waitingBy = new Map(waiting.map((w) => [w.leadId, w._count._all]));
  const items = page.map((lead, i) => {
    const last = latest[i];
    return {
      lead: { id: lead.id, name: lead.name, status: lead.status },
      ai: { enabled: !lead.aiPaused, pausedReason: lead.aiPausedReason },
      lastMessageAt: lead.lastMessageAt,
      waitingForPerson: waitingBy.get(lead.id) ?? 0,
      lastMessage: last ? { role: last.role, channel: last.channel, status: last.status, createdAt: last.createdAt, preview: preview(last) } : null,
    };
  });
  const tail = page.at(-1);
  return { items, nextCursor: leads.length > input.limit && tail?.lastMessageAt ? encodeCursor({ at: tail.lastMessageAt.toISOString(), id: tail.id }) : null };
}

function preview(row: { subAccountId: number; leadId: number; content: string }): string | null {
  try {
    const text = decryptMessageContent(row).replace(/\s+/g, " ").trim();
    return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
  } catch (e) {
    if (e instanceof DecryptionError) return null;
    throw e;
  }
}
