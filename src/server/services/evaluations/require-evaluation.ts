import type { z } from "zod";
import type { EvaluationResult, setEvaluationRequiredSchema } from "@/schemas/strategy-evaluations";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { findStrategy, getStrategyEvaluation, passesVersion } from "./get-strategy-evaluation";

export async function setEvaluationRequired(ctx: WorkspaceContext, input: z.output<typeof setEvaluationRequiredSchema>) {
  await findStrategy(ctx, input.strategyId);
  await ctx.db.strategy.update({ where: { id: input.strategyId }, data: { requireEvaluationPass: input.required } });
  await auditInWorkspace(ctx, {
    action: "strategy.evaluation_requirement_changed",
    targetType: "Strategy",
    targetId: input.strategyId,
    changes: { requireEvaluationPass: input.required },
  });
  return getStrategyEvaluation(ctx, { strategyId: input.strategyId });
}

/** Activation gate: a strategy that must pass its evaluation needs every case passed on its current version. */
export async function assertEvaluationAllowsActivation(ctx: WorkspaceContext, strategyId: number) {
  const strategy = await findStrategy(ctx, strategyId, "id");
  if (!strategy.requireEvaluationPass) return;
  const cases = (await ctx.db.strategyEvaluationCase.findMany({ where: { strategyId }, select: { lastResult: true } })).map((c) => ({
    lastResult: (c.lastResult ?? null) as EvaluationResult | null,
  }));
  if (passesVersion(cases, strategy.currentVersion)) return;
  const passed = cases.filter((c) => c.lastResult?.passed && c.lastResult.strategyVersion === strategy.currentVersion).length;
  throw new AppError(
    "PRECONDITION_FAILED",
    cases.length === 0
      ? `"${strategy.name}" must pass its evaluation before it is activated, and it has no evaluation cases yet.`
      : `"${strategy.name}" must pass its evaluation before it is activated: ${passed} of ${cases.length} cases passed on version ${strategy.currentVersion}. Run the evaluation.`,
  );
}
