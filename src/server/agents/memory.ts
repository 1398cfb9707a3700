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
                  FROM "Message" m
                 WHERE m."subAccountId" = ${ws} AND m."leadId" = l.id AND m.role IN ('lead', 'assistant', 'human')
                   AND m.id > COALESCE(cs."upToMessageId", 0)), '[]'::json) AS messages`,
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
  let summary = row.summary ? decryptSummary({ ...bound, summary: row.summary }) : null;
  const all = row.messages.map((m) => ({ id: BigInt(m.id), role: m.role, text: decryptMessageContent({ ...bound, content: m.content }) }));
  const now = new Set(answering);
  let messages = [...all.filter((m) => !now.has(m.id)), ...all.filter((m) => now.has(m.id))];

  const older = messages.slice(0, Math.max(0, messages.length - RECENT_MESSAGES));
  // Folded only when none of what this turn answers would fall into the summary (more than 20 waiting messages).
  if (messages.length >= RECENT_MESSAGES + SUMMARY_BATCH && !older.some((m) => now.has(m.id))) {
    const transcript = older.map((m) => `${SPEAKERS[m.role]}: ${m.text}`).join("\n");
    const folded = await summarize(summary, transcript);
    if (folded) {
      const upTo = older.at(-1)!.id;
      await ctx.db.conversationSummary.create({
        data: { subAccountId: ctx.workspace.id, leadId, summary: encryptSummary(ctx.workspace.id, leadId, folded), upToMessageId: upTo },
      });
      summary = folded;
      messages = messages.slice(older.length);
    }
  }

  const history: ChatCompletionMessageParam[] = messages.map((m) =>
    m.role === "lead" ? { role: "user", content: m.text } : { role: "assistant", content: m.text },
  );
  return { summary, history };
}

export const SUMMARY_INSTRUCTIONS =
  "Summarise this conversation between a business's receptionist and a lead in at most 200 words: who the lead is, " +
  "what they want, what was agreed or booked, open questions. Facts only.";
