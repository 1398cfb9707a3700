import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/** Plays a strategy's scripted test conversations against the model (see run-strategy-evaluation.ts). */
export const strategyEvaluationJob = defineJob({
  name: "run-strategy-evaluation",
  queue: "ai",
  scope: "workspace",
  payload: z.object({ strategyId: idSchema, ownerId: idSchema.nullable() }).strict(),
  // A rerun replays every case from the start and overwrites the verdicts: safe, but each costs model tokens.
  attempts: 2,
  backoff: { type: "exponential", delay: 10_000 },
  async process(ctx, payload) {
    const { runStrategyEvaluation } = await import("@/server/services/evaluations/run-strategy-evaluation");
    return runStrategyEvaluation(ctx, payload);
  },
});
