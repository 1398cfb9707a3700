import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { invalidateWorkspaceAgentConfigs } from "@/server/agents/agent-config";
import { findStrategy } from "./strategy-records";

/** Leads that used the strategy keep existing with no strategy (the composite foreign key sets only strategyId null). */
export async function deleteStrategy(ctx: WorkspaceContext, input: { id: number }) {
  const strategy = await findStrategy(ctx, input.id);
  const leadsDetached = await ctx.db.lead.count({ where: { strategyId: input.id } });
  await ctx.db.strategy.delete({ where: { id: input.id } });
  await invalidateWorkspaceAgentConfigs(ctx.workspace.id);
  await auditInWorkspace(ctx, { action: "strategy.deleted", targetType: "Strategy", targetId: input.id, changes: { name: strategy.name, leadsDetached } });
  return { id: input.id, leadsDetached };
}
