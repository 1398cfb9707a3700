import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { WorkspaceContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { decryptMessageContent, decryptSummary, encryptSummary } from "@/server/services/messages/message-content";

/**
 * What the model remembers of a conversation: the newest RECENT_MESSAGES messages verbatim, everything older as one
 * running summary (ConversationSummary, encrypted like messages). Once SUMMARY_BATCH messages have fallen out of the
 * window, they are folded into a new summary with one model call.
 */
export const RECENT_MESSAGES = 20;
export const SUMMARY_BATCH = 20;

/**
 * What one turn in flight may hold, whatever the leads write (a worker runs hundreds of turns at once,
 * AI_TURN_CONCURRENCY): the conversation is read at most LOADED_MESSAGES messages back (a lead flooding the inbox
 * between two summaries does not grow it), the model reads at most MODEL_MESSAGE_MAX_CHARS of one message and
 * HISTORY_MAX_CHARS of the window (the oldest of the window give way first; the newest message always stays), a
 * summary is kept to SUMMARY_MAX_CHARS, and a tool's result to TOOL_RESULT_MAX_CHARS (run-turn.ts).
 */
export const LOADED_MESSAGES = RECENT_MESSAGES + SUMMARY_BATCH + 20;
export const MODEL_MESSAGE_MAX_CHARS = 8_000;
export const HISTORY_MAX_CHARS = 48_000;
export const SUMMARY_MAX_CHARS = 4_000;
export const TOOL_RESULT_MAX_CHARS = 8_000;

/** `text` cut to `max` characters (never inside a surrogate pair), saying how much was left out. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)} [… ${text.length - end} more characters not shown]`;
}

/** The newest messages whose text fits `budget` characters together (the newest always, even alone over it). */
export function newestWithin<T extends { text: string }>(messages: readonly T[], budget: number): T[] {
  let used = 0;
  let first = messages.length;
  while (first > 0) {
    const size = messages[first - 1]!.text.length;
    if (first < messages.length && used + size > budget) break;
    used += size;
    first--;
  }
  return messages.slice(first);
}

type Summarize = (previousSummary: string | null, transcript: string) => Promise<string | null>;

const SPEAKERS = { lead: "Lead", assistant: "Assistant", human: "Staff" } as const;

export interface StoredConversation {
  summary: string | null;
  messages: { id: string; role: keyof typeof SPEAKERS; content: string }[];
}

/**
 * The newest summary of the lead `l` (column `summary`) and every message after it (column `messages`, JSON, oldest
 * first), still encrypted: columns and a join for a SELECT whose FROM clause names the lead `l`, so a turn reads the
 * lead and its conversation in one round trip.
 */
export function conversationSql(ws: Prisma.Sql): { columns: Prisma.Sql; join: Prisma.Sql } {
  return {
    columns: Prisma.sql`
      cs.summary,
      COALESCE((SELECT json_agg(json_build_object('id', m.id::text, 'role', m.role::text, 'content', m.content) ORDER BY m.id)
                  FROM (SELECT id, role, content FROM "Message"
                         WHERE "subAccountId" = ${ws} AND "leadId" = l.id AND role IN ('lead', 'assistant', 'human')
                           AND id > COALESCE(cs."upToMessageId", 0)
                         ORDER BY id DESC LIMIT ${LOADED_MESSAGES}) m), '[]'::json) AS messages`,
    join: Prisma.sql`
      LEFT JOIN LATERAL (
        SELECT summary, "upToMessageId" FROM "ConversationSummary"
         WHERE "subAccountId" = ${ws} AND "leadId" = l.id
         ORDER BY "upToMessageId" DESC LIMIT 1
      ) cs ON true`,
  };
}

/**
 * The model's view of a stored conversation. `answering`: the ids of the messages this turn answers. They come last,
 * after replies stored while they waited (a message sent during the previous turn is older than that turn's reply, but
 * it is what the model must answer now).
 */
export async function buildConversation(
  ctx: WorkspaceContext,
  leadId: number,
  row: StoredConversation,
  answering: readonly bigint[],
  summarize: Summarize,
) {
  const bound = { subAccountId: ctx.workspace.id, leadId };
  let summary = row.summary ? capText(decryptSummary({ ...bound, summary: row.summary }), SUMMARY_MAX_CHARS) : null;
  const all = row.messages.map((m) => ({
    id: BigInt(m.id),
    role: m.role,
    text: capText(decryptMessageContent({ ...bound, content: m.content }), MODEL_MESSAGE_MAX_CHARS),
  }));
  const now = new Set(answering);
  let messages = [...all.filter((m) => !now.has(m.id)), ...all.filter((m) => now.has(m.id))];

  const older = messages.slice(0, Math.max(0, messages.length - RECENT_MESSAGES));
  // Folded only when none of what this turn answers would fall into the summary (more than 20 waiting messages).
  if (messages.length >= RECENT_MESSAGES + SUMMARY_BATCH && !older.some((m) => now.has(m.id))) {
    const transcript = older.map((m) => `${SPEAKERS[m.role]}: ${m.text}`).join("\n");
    const folded = await summarize(summary, capText(transcript, HISTORY_MAX_CHARS));
    if (folded) {
      const upTo = older.at(-1)!.id;
      summary = capText(folded, SUMMARY_MAX_CHARS);
      await ctx.db.conversationSummary.create({
        data: { subAccountId: ctx.workspace.id, leadId, summary: encryptSummary(ctx.workspace.id, leadId, summary), upToMessageId: upTo },
      });
      messages = messages.slice(older.length);
    }
  }

  const history: ChatCompletionMessageParam[] = newestWithin(messages.slice(-RECENT_MESSAGES - SUMMARY_BATCH), HISTORY_MAX_CHARS).map((m) =>
    m.role === "lead" ? { role: "user", content: m.text } : { role: "assistant", content: m.text },
  );
  return { summary, history };
}

export const SUMMARY_INSTRUCTIONS =
  "Summarise this conversation between a business's receptionist and a lead in at most 200 words: who the lead is, " +
  "what they want, what was agreed or booked, open questions. Facts only.";
