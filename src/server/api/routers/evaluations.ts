import {
  createEvaluationCaseSchema,
  evaluationCaseIdSchema,
  setEvaluationRequiredSchema,
  strategyEvaluationSchema,
  updateEvaluationCaseSchema,
} from "@/schemas/strategy-evaluations";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import {
  createEvaluationCase,
  deleteEvaluationCase,
  getStrategyEvaluation,
  runEvaluation,
  setEvaluationRequired,
  updateEvaluationCase,
} from "@/server/services/evaluations/manage-evaluation-cases";


/** Scripted test conversations of a strategy, their last verdicts, and runs against the configured model. */
export const evaluationsRouter = createTRPCRouter({
  get: workspaceProcedure.input(strategyEvaluationSchema).query(({ ctx, input }) => getStrategyEvaluation(ctx, input)),
  createCase: managerProcedure.input(createEvaluationCaseSchema).mutation(({ ctx, input }) => createEvaluationCase(ctx, input)),
  updateCase: managerProcedure.input(updateEvaluationCaseSchema).mutation(({ ctx, input }) => updateEvaluationCase(ctx, input)),
  deleteCase: managerProcedure.input(evaluationCaseIdSchema).mutation(({ ctx, input }) => deleteEvaluationCase(ctx, input)),
  run: managerProcedure.input(strategyEvaluationSchema).mutation(({ ctx, input }) => runEvaluation(ctx, input)),
  setRequired: managerProcedure.input(setEvaluationRequiredSchema).mutation(({ ctx, input }) => setEvaluationRequired(ctx, input)),
});
