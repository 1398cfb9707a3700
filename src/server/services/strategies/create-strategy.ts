import type { CreateStrategyInput } from "@/schemas/strategies";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { type SnapshotField, type StrategyRow, checkDelays, checkPromptTemplate, createdBy, findStrategy, snapshotOf } from "./strategy-records";

export async function createStrategy(ctx: WorkspaceContext, input: CreateStrategyInput) {
  checkDelays(input.delayMin, input.delayMax);
  await checkPromptTemplate(ctx, input.promptTemplateId);
  const strategy = await ctx.db.$transaction(async (tx) => {
    const created = await tx.strategy.create({
      data: { ...input, subAccountId: ctx.workspace.id, currentVersion: 1, createdByUserId: createdBy(ctx) },
    });
    await tx.strategyVersion.create({
      data: { subAccountId: ctx.workspace.id, strategyId: created.id, version: 1, snapshot: snapshotOf(created), createdByUserId: createdBy(ctx) },
    });
    return created;
  });
  await auditInWorkspace(ctx, { action: "strategy.created", targetType: "Strategy", targetId: strategy.id, changes: { name: strategy.name } });
  return strategy;
}

export async function duplicateStrategy(ctx: WorkspaceContext, input: { id: number }) {
  const source = await findStrategy(ctx, input.id);
  const fields = snapshotOf(source) as unknown as Pick<StrategyRow, SnapshotField>;
  const copyName = `${source.name} (Copy)`.slice(0, 120);
  const copy = await createStrategy(ctx, { ...fields, name: copyName });
  if (!source.isActive) await ctx.db.strategy.update({ where: { id: copy.id }, data: { isActive: false } });
  return { ...copy, isActive: source.isActive };
}
