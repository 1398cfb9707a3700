import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { WorkspaceContext } from "@/server/context";
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

export async function loadConversation(ctx: WorkspaceContext, leadId: number, summarize: Summarize) {
  const latest = await ctx.db.conversationSummary.findFirst({
    where: { leadId },
    orderBy: { upToMessageId: "desc" },
    select: { subAccountId: true, leadId: true, summary: true, upToMessageId: true },
  });
  let summary = latest ? decryptSummary(latest) : null;
  const rows = await ctx.db.message.findMany({
    where: { leadId, role: { in: ["lead", "assistant", "human"] }, ...(latest ? { id: { gt: latest.upToMessageId } } : {}) },
    orderBy: { id: "asc" },
    select: { id: true, subAccountId: true, leadId: true, role: true, content: true },
  });
  let messages = rows.map((r) => ({ id: r.id, role: r.role as keyof typeof SPEAKERS, text: decryptMessageContent(r) }));

  if (messages.length >= RECENT_MESSAGES + SUMMARY_BATCH) {
    const older = messages.slice(0, messages.length - RECENT_MESSAGES);
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
