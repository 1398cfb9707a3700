import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueueWithRows } from "@/server/jobs/enqueue";
import { strategyEvaluationJob } from "@/server/jobs/run-strategy-evaluation";
import { getChatModel } from "@/server/integrations/openai/model";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { findStrategy } from "./get-strategy-evaluation";

/** Plays every case against the configured model in the worker; one run per strategy at a time. */
export async function runEvaluation(ctx: WorkspaceContext, input: { strategyId: number }) {
  const strategy = await findStrategy(ctx, input.strategyId);
  if (!(await getChatModel(ctx.workspace.id))) throw new AppError("PRECONDITION_FAILED", "No AI model is configured, so the evaluation cannot run: an admin sets one in Settings › AI.");
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
