import type { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import type { createEvaluationCaseSchema, updateEvaluationCaseSchema } from "@/schemas/strategy-evaluations";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { findStrategy, present } from "./get-strategy-evaluation";

const MAX_CASES_PER_STRATEGY = 50;

export async function createEvaluationCase(ctx: WorkspaceContext, input: z.output<typeof createEvaluationCaseSchema>) {
  const strategy = await findStrategy(ctx, input.strategyId);
  const count = await ctx.db.strategyEvaluationCase.count({ where: { strategyId: strategy.id } });
  if (count >= MAX_CASES_PER_STRATEGY) throw AppError.field("name", `A strategy has at most ${MAX_CASES_PER_STRATEGY} evaluation cases.`);
  const created = await ctx.db.strategyEvaluationCase.create({
    data: {
      subAccountId: ctx.workspace.id,
      strategyId: strategy.id,
      name: input.name,
      script: { leadMessages: input.leadMessages, leadTimezone: input.leadTimezone ?? null },
      expectations: input.expectations,
    },
  });
  await auditInWorkspace(ctx, { action: "strategy_evaluation_case.created", targetType: "Strategy", targetId: strategy.id, changes: { caseId: created.id } });
  return present(created);
}

/** Editing a case forgets its last verdict: it described another script. */
export async function updateEvaluationCase(ctx: WorkspaceContext, input: z.output<typeof updateEvaluationCaseSchema>) {
  const existing = await ctx.db.strategyEvaluationCase.findUnique({ where: { id: input.id }, select: { id: true, strategyId: true } });
  if (!existing) throw new AppError("NOT_FOUND", "No such evaluation case in this workspace.");
  const updated = await ctx.db.strategyEvaluationCase.update({
    where: { id: existing.id },
    data: {
      name: input.name,
      script: { leadMessages: input.leadMessages, leadTimezone: input.leadTimezone ?? null },
      expectations: input.expectations,
      lastRunAt: null,
      lastResult: Prisma.DbNull,
    },
  });
  await auditInWorkspace(ctx, { action: "strategy_evaluation_case.updated", targetType: "Strategy", targetId: existing.strategyId, changes: { caseId: existing.id } });
  return present(updated);
}

export async function deleteEvaluationCase(ctx: WorkspaceContext, input: { id: number }) {
  const existing = await ctx.db.strategyEvaluationCase.findUnique({ where: { id: input.id }, select: { id: true, strategyId: true } });
  if (!existing) throw new AppError("NOT_FOUND", "No such evaluation case in this workspace.");
  await ctx.db.strategyEvaluationCase.delete({ where: { id: existing.id } });
  await auditInWorkspace(ctx, { action: "strategy_evaluation_case.deleted", targetType: "Strategy", targetId: existing.strategyId, changes: { caseId: existing.id } });
  return { id: existing.id };
}
