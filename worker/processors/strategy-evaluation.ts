import { AppError } from "@/server/errors";
import { strategyEvaluationJob } from "@/server/jobs/registry";
import { runStrategyEvaluation } from "@/server/services/evaluations/run-strategy-evaluation";
import { defineProcessor } from "../processor";

/** Works on the workspace of its JobRun, never on one named in the payload. */
export const strategyEvaluationProcessor = defineProcessor(strategyEvaluationJob, async ({ strategyId, ownerId }, { log, workspaceId, reportProgress }) => {
  if (workspaceId === null) throw new AppError("PRECONDITION_FAILED", "An evaluation must be started by a workspace.");
  return runStrategyEvaluation({ workspaceId, strategyId, ownerId, log, reportProgress });
});
