import type { z } from "zod";
import type { createEvaluationCaseSchema, EvaluationResult } from "@/schemas/strategy-evaluations";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { strategyEvaluationJob } from "@/server/jobs/run-strategy-evaluation";
import { getChatModel } from "@/server/integrations/openai/model";

export async function findStrategy(ctx: WorkspaceContext, strategyId: number, field = "strategyId") {
  const strategy = await ctx.db.strategy.findUnique({
    where: { id: strategyId },
    select: { id: true, name: true, currentVersion: true, requireEvaluationPass: true, isActive: true },
  });
  if (!strategy) throw AppError.field(field, `No strategy #${strategyId} in this workspace.`);
  return strategy;
}

export function present(row: { id: number; name: string; script: unknown; expectations: unknown; lastRunAt: Date | null; lastResult: unknown }) {
  const script = row.script as { leadMessages: string[]; leadTimezone?: string | null };
  return {
    id: row.id,
    name: row.name,
    leadMessages: script.leadMessages,
    leadTimezone: script.leadTimezone ?? null,
    expectations: row.expectations as z.output<typeof createEvaluationCaseSchema>["expectations"],
    lastRunAt: row.lastRunAt,
    lastResult: (row.lastResult ?? null) as EvaluationResult | null,
  };
}

/** A strategy's cases with their last verdicts, whether the strategy must pass, and the latest run. */
export async function getStrategyEvaluation(ctx: WorkspaceContext, input: { strategyId: number }) {
  const strategy = await findStrategy(ctx, input.strategyId);
  const [cases, latestRun] = await Promise.all([
    ctx.db.strategyEvaluationCase.findMany({ where: { strategyId: strategy.id }, orderBy: { id: "asc" } }),
    ctx.db.jobRun.findFirst({
      where: { name: strategyEvaluationJob.name, payload: { path: ["strategyId"], equals: strategy.id } },
      orderBy: { id: "desc" },
      select: { id: true, status: true, progress: true, error: true, createdAt: true, finishedAt: true },
    }),
  ]);
  const presented = cases.map(present);
  return {
    strategy,
    cases: presented,
    latestRun,
    passesCurrentVersion: passesVersion(presented, strategy.currentVersion),
    aiConfigured: (await getChatModel(ctx.workspace.id)) !== null,
  };
}

export function passesVersion(cases: { lastResult: EvaluationResult | null }[], version: number): boolean {
  return cases.length > 0 && cases.every((c) => c.lastResult?.passed === true && c.lastResult.strategyVersion === version);
}
