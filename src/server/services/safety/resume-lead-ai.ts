import type { z } from "zod";
import type { resumeLeadAiSchema } from "@/schemas/safety";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { setLeadAi } from "@/server/services/chat/set-lead-ai";
import { actorName } from "./resolve-incident";

/**
 * Turns the AI back on for a lead it was paused for, from the safety console: the lead's open incidents are resolved
 * with it (otherwise the next suspicious message would pause it again at once), then the AI is handed back through
 * the inbox's own switch (audited, live inbox event).
 */
export async function resumeLeadAi(ctx: WorkspaceContext, input: z.infer<typeof resumeLeadAiSchema>) {
  const lead = await ctx.db.lead.findUnique({ where: { id: input.leadId }, select: { id: true, aiPaused: true } });
  if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  const { count } = await ctx.db.securityIncident.updateMany({
    where: { leadId: lead.id, resolvedAt: null },
    data: { resolvedAt: new Date(), resolvedBy: actorName(ctx) },
  });
  if (count > 0) {
    await auditInWorkspace(ctx, { action: "security_incident.resolved", targetType: "Lead", targetId: lead.id, changes: { incidents: count, with: "ai.handed_back" } });
  }
  const state = await setLeadAi(ctx, { leadId: lead.id, enabled: true });
  return { ...state, resolvedIncidents: count };
}
