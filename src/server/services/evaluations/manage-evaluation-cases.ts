import type { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import type {
  createEvaluationCaseSchema,
  EvaluationResult,
  setEvaluationRequiredSchema,
  updateEvaluationCaseSchema,
} from "@/schemas/strategy-evaluations";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueueWithRows } from "@/server/jobs/enqueue";
import { strategyEvaluationJob } from "@/server/jobs/run-strategy-evaluation";
import { getChatModel } from "@/server/integrations/openai/model";
import { auditInWorkspace } from "@/server/services/audit/record-audit";

const MAX_CASES_PER_STRATEGY = 50;

async function findStrategy(ctx: WorkspaceContext, strategyId: number, field = "strategyId") {
  const strategy = await ctx.db.strategy.findUnique({
    where: { id: strategyId },
    select: { id: true, name: true, currentVersion: true, requireEvaluationPass: true, isActive: true },
  });
  if (!strategy) throw AppError.field(field, `No strategy #${strategyId} in this workspace.`);
  return strategy;
}

function present(row: { id: number; name: string; script: unknown; expectations: unknown; lastRunAt: Date | null; lastResult: unknown }) {
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
    aiConfigured: getChatModel() !== null,
  };
}

function passesVersion(cases: { lastResult: EvaluationResult | null }[], version: number): boolean {
  return cases.length > 0 && cases.every((c) => c.lastResult?.passed === true && c.lastResult.strategyVersion === version);
}

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

/** Plays every case against the configured model in the worker; one run per strategy at a time. */
export async function runEvaluation(ctx: WorkspaceContext, input: { strategyId: number }) {
  const strategy = await findStrategy(ctx, input.strategyId);
  if (!getChatModel()) throw new AppError("PRECONDITION_FAILED", "No AI model is configured (OPENAI_API_KEY), so the evaluation cannot run.");
  if ((await ctx.db.strategyEvaluationCase.count({ where: { strategyId: strategy.id } })) === 0) {
    throw new AppError("PRECONDITION_FAILED", "Add at least one evaluation case first.");
  }
  const running = await ctx.db.jobRun.findFirst({
    where: { name: strategyEvaluationJob.name, status: { in: ["queued", "active"] }, payload: { path: ["strategyId"], equals: strategy.id } },
    select: { id: true },
  });
  if (running) throw new AppError("CONFLICT", "An evaluation of this strategy is already running.");
  const ownerId = ctx.account?.kind === "user" ? ctx.account.id : null;
  // The evaluation's only row is its JobRun: written with the job, deleted when Redis refuses it.
  const { jobRunId } = await enqueueWithRows(ctx, strategyEvaluationJob, {
    write: async (_tx, record) => void (await record({ strategyId: strategy.id, ownerId })),
    undo: async () => {},
  });
  await auditInWorkspace(ctx, { action: "strategy_evaluation.started", targetType: "Strategy", targetId: strategy.id });
  return { jobRunId };
}

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
