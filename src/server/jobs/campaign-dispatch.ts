import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/**
 * One step of a campaign's dispatch (services/campaigns/dispatch-campaign.ts): hands the next recipients to the send
 * path and queues the following step. Steps are numbered within a run (`generation`, bumped by resume), so every step
 * has its own job id and a step queued twice runs once. Queued by our own code without a JobRun, so the payload
 * names the workspace.
 */
export const campaignDispatchJob = defineJob({
  name: "campaign-dispatch",
  queue: "messaging",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z
    .object({ subAccountId: idSchema, campaignId: idSchema, generation: z.number().int().min(0), step: z.number().int().min(0) })
    .strict(),
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  jobId: ({ subAccountId, campaignId, generation, step }) => `campaign-dispatch-${subAccountId}-${campaignId}-g${generation}-s${step}`,
  async process(ctx, payload) {
    const { runDispatchStep } = await import("@/server/services/campaigns/dispatch-campaign");
    return runDispatchStep(ctx, payload);
  },
});
