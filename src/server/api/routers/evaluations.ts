import {
  createEvaluationCaseSchema,
  evaluationCaseIdSchema,
  setEvaluationRequiredSchema,
  strategyEvaluationSchema,
  updateEvaluationCaseSchema,
} from "@/schemas/strategy-evaluations";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import { createEvaluationCase, deleteEvaluationCase, updateEvaluationCase } from "@/server/services/evaluations/edit-evaluation-cases";
import { getStrategyEvaluation } from "@/server/services/evaluations/get-strategy-evaluation";
import { setEvaluationRequired } from "@/server/services/evaluations/require-evaluation";
import { runEvaluation } from "@/server/services/evaluations/start-evaluation";


/** Scripted test conversations of a strategy, their last verdicts, and runs against the configured model. */
export const evaluationsRouter = createTRPCRouter({
  get: workspaceProcedure.input(strategyEvaluationSchema).query(({ ctx, input }) => getStrategyEvaluation(ctx, input)),
  createCase: managerProcedure.input(createEvaluationCaseSchema).mutation(({ ctx, input }) => createEvaluationCase(ctx, input)),
  updateCase: managerProcedure.input(updateEvaluationCaseSchema).mutation(({ ctx, input }) => updateEvaluationCase(ctx, input)),
  deleteCase: managerProcedure.input(evaluationCaseIdSchema).mutation(({ ctx, input }) => deleteEvaluationCase(ctx, input)),
  run: managerProcedure.input(strategyEvaluationSchema).mutation(({ ctx, input }) => runEvaluation(ctx, input)),
  setRequired: managerProcedure.input(setEvaluationRequiredSchema).mutation(({ ctx, input }) => setEvaluationRequired(ctx, input)),
});
