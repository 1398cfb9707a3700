import type { z } from "zod";
import type { startTestChatSchema, testChatMessageSchema, testTranscriptSchema } from "@/schemas/chat";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { isAiConfigured } from "@/server/integrations/openai/model";
import { decryptMessageContent } from "@/server/services/messages/message-content";
import { receiveLeadMessage } from "@/server/services/messages/receive-lead-message";

/**
 * The test chat: a member talks to a strategy as a pretend lead. The pretend lead is a real (archived) lead with
 * source "test_chat", so the turn, its tools and its bookings are exactly those a real lead would get; only pacing
 * is skipped. The transcript shows each reply's tool calls.
 */
export const TEST_CHAT_SOURCE = "test_chat";

export async function startTestChat(ctx: WorkspaceContext, input: z.output<typeof startTestChatSchema>) {
  const strategy = await ctx.db.strategy.findUnique({ where: { id: input.strategyId }, select: { id: true, name: true } });
  if (!strategy) throw AppError.field("strategyId", "No such strategy in this workspace.");
  const lead = await ctx.db.lead.create({
    data: {
      subAccountId: ctx.workspace.id,
      name: `Test chat (${ctx.account?.name ?? "member"})`.slice(0, 160),
      source: TEST_CHAT_SOURCE,
      strategyId: strategy.id,
      ownerId: ctx.account?.kind === "user" ? ctx.account.id : null,
      timezone: ctx.account?.timezone ?? "UTC",
      archivedAt: new Date(),
    },
    select: { id: true, name: true, timezone: true },
  });
  return { leadId: lead.id, leadName: lead.name, timezone: lead.timezone, strategy, aiConfigured: await isAiConfigured(ctx.workspace.id) };
}

async function testLead(ctx: WorkspaceContext, leadId: number) {
  const lead = await ctx.db.lead.findUnique({ where: { id: leadId }, select: { id: true, source: true } });
  if (!lead || lead.source !== TEST_CHAT_SOURCE) throw AppError.field("leadId", "No such test chat in this workspace.");
  return lead;
}

export async function sendTestChatMessage(ctx: WorkspaceContext, input: z.output<typeof testChatMessageSchema>) {
  await testLead(ctx, input.leadId);
  return receiveLeadMessage(ctx, { leadId: input.leadId, channel: "test", content: input.content }, { skipPacing: true });
}

export async function testChatTranscript(ctx: WorkspaceContext, input: z.output<typeof testTranscriptSchema>) {
  await testLead(ctx, input.leadId);
  const rows = await ctx.db.message.findMany({
    where: { leadId: input.leadId, id: { gt: BigInt(input.afterId) } },
    orderBy: { id: "asc" },
    take: 200,
    select: { id: true, subAccountId: true, leadId: true, role: true, content: true, status: true, error: true, toolCalls: true, promptTokens: true, completionTokens: true, createdAt: true },
  });
  const lead = await ctx.db.lead.findUniqueOrThrow({ where: { id: input.leadId }, select: { aiPaused: true, aiPausedReason: true, conversationState: true } });
  return {
    messages: rows.map((r) => ({
      id: Number(r.id),
      role: r.role,
      content: decryptMessageContent(r),
      status: r.status,
      error: r.error,
      toolCalls: (r.toolCalls ?? []) as { name: string; arguments: unknown; ok: boolean; result: unknown }[],
      tokens: r.promptTokens === null ? null : { prompt: r.promptTokens, completion: r.completionTokens ?? 0 },
      createdAt: r.createdAt,
    })),
    waiting: rows.some((r) => r.role === "lead" && r.status === "pending"),
    ai: { enabled: !lead.aiPaused, pausedReason: lead.aiPausedReason },
    conversationState: lead.conversationState,
  };
}
