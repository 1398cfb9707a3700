import type { z } from "zod";
import type { setLeadAiSchema } from "@/schemas/chat";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { auditInWorkspace } from "@/server/services/audit/record-audit";

export const TAKEOVER_REASON = "A person took over the conversation";

/**
 * AI off: a person takes over and the AI stays quiet for this lead until it is turned on again (handed back). Turning it
 * on clears the reason, whatever paused it (a handoff, security incidents or a person).
 */
export async function setLeadAi(ctx: WorkspaceContext, input: z.output<typeof setLeadAiSchema>) {
  const before = await ctx.db.lead.findUnique({ where: { id: input.leadId }, select: { id: true, aiPaused: true, aiPausedReason: true } });
  if (!before) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  const who = ctx.account ? `${TAKEOVER_REASON} (${ctx.account.name})` : TAKEOVER_REASON;
  const lead = await ctx.db.lead.update({
    where: { id: input.leadId },
    data: input.enabled ? { aiPaused: false, aiPausedReason: null } : { aiPaused: true, aiPausedReason: before.aiPaused ? before.aiPausedReason : who.slice(0, 500) },
    select: { id: true, aiPaused: true, aiPausedReason: true },
  });
  if (before.aiPaused !== lead.aiPaused) {
    await auditInWorkspace(ctx, {
      action: input.enabled ? "ai.handed_back" : "ai.taken_over",
      targetType: "Lead",
      targetId: lead.id,
      changes: { previousReason: before.aiPausedReason },
    });
    await publishConversationEvent(ctx.workspace.id, { leadId: lead.id, kind: "ai" });
  }
  return { leadId: lead.id, enabled: !lead.aiPaused, pausedReason: lead.aiPausedReason };
}
