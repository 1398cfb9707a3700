import type { UpdateStrategyInput } from "@/schemas/strategies";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { invalidateWorkspaceAgentConfigs } from "@/server/agents/agent-config";
import { assertEvaluationAllowsActivation } from "@/server/services/evaluations/require-evaluation";
import { checkDelays, checkPromptTemplate, createdBy, findStrategy, snapshotOf } from "./strategy-records";

/** Every edit writes the next immutable version in the same transaction; the row lock orders concurrent edits. */
export async function updateStrategy(ctx: WorkspaceContext, input: UpdateStrategyInput) {
  const { id, ...changes } = input;
  const before = await findStrategy(ctx, id);
  checkDelays(changes.delayMin ?? before.delayMin, changes.delayMax ?? before.delayMax);
  await checkPromptTemplate(ctx, changes.promptTemplateId);
  const strategy = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.strategy.update({ where: { id }, data: { ...changes, currentVersion: { increment: 1 } } });
    // Checked again under the row lock: a concurrent edit may have changed the other bound.
    checkDelays(updated.delayMin, updated.delayMax);
    await tx.strategyVersion.create({
      data: {
        subAccountId: ctx.workspace.id,
        strategyId: id,
        version: updated.currentVersion,
        snapshot: snapshotOf(updated),
        createdByUserId: createdBy(ctx),
      },
    });
    return updated;
  });
  await invalidateWorkspaceAgentConfigs(ctx.workspace.id);
  await auditInWorkspace(ctx, {
    action: "strategy.updated",
    targetType: "Strategy",
    targetId: id,
    changes: { version: strategy.currentVersion, fields: Object.keys(changes) },
  });
  return strategy;
}

export async function setStrategyActive(ctx: WorkspaceContext, input: { id: number }, isActive: boolean) {
  await findStrategy(ctx, input.id);
  if (isActive) await assertEvaluationAllowsActivation(ctx, input.id);
  const strategy = await ctx.db.strategy.update({ where: { id: input.id }, data: { isActive } });
  await invalidateWorkspaceAgentConfigs(ctx.workspace.id);
  await auditInWorkspace(ctx, { action: isActive ? "strategy.activated" : "strategy.deactivated", targetType: "Strategy", targetId: input.id });
  return strategy;
}
