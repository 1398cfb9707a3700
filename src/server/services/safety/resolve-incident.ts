import type { z } from "zod";
import type { resolveIncidentSchema } from "@/schemas/safety";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";

/** Who acted, as the console shows it: the member, or the platform admin acting in the workspace. */
export const actorName = (ctx: WorkspaceContext) => {
  const name = ctx.account?.name ?? "Someone";
  return (ctx.actingAsAdmin ? `${name} (platform admin)` : name).slice(0, 200);
};

/**
 * Marks an incident handled. Resolved incidents no longer count towards pausing the lead's AI (three open ones in
 * 24 hours pause it). Resolving twice changes nothing.
 */
export async function resolveIncident(ctx: WorkspaceContext, input: z.infer<typeof resolveIncidentSchema>) {
  const incident = await ctx.db.securityIncident.findUnique({ where: { id: input.id }, select: { id: true, resolvedAt: true, leadId: true, type: true } });
  if (!incident) throw new AppError("NOT_FOUND", "No such incident in this workspace.");
  if (incident.resolvedAt) return { id: incident.id, resolvedAt: incident.resolvedAt };
  const { count } = await ctx.db.securityIncident.updateMany({
    where: { id: incident.id, resolvedAt: null },
    data: { resolvedAt: new Date(), resolvedBy: actorName(ctx) },
  });
  if (count > 0) {
    await auditInWorkspace(ctx, { action: "security_incident.resolved", targetType: "SecurityIncident", targetId: incident.id, changes: { type: incident.type, leadId: incident.leadId } });
  }
  const after = await ctx.db.securityIncident.findUniqueOrThrow({ where: { id: incident.id }, select: { id: true, resolvedAt: true } });
  return after;
}
