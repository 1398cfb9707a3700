import { DelayedError } from "bullmq";
import { z } from "zod";
import { idSchema, storableText } from "@/schemas/common";
import { defineJob } from "./define";

/**
 * The turn's code, loaded once per process: a worker runs hundreds of turns a second, and every `import()` goes through
 * the module loader again (under tsx, a round trip to its loader thread while the event loop waits).
 */
let answerLeadModule: Promise<typeof import("@/server/agents/answer-lead")> | undefined;

/** While another turn of the same lead runs, the job steps aside (delayed) instead of holding a worker slot. */
export const LEAD_BUSY_RETRY_MS = 250;

/**
 * One AI turn for a lead, enqueued per inbound message (delayed by the strategy's pacing). The turn answers every
 * message of the lead still pending, so messages that arrived during the delay get one reply and later jobs of the
 * same batch find nothing to do. Model failures are handled inside the turn (the messages then wait for a person);
 * a job failure means the database or Redis failed, and the turn is retried.
 *
 * Queued by our own code without a JobRun (a lead's message, the sweep), so the payload names the workspace.
 */
export const aiTurnJob = defineJob({
  name: "ai-turn",
  queue: "ai",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, leadId: idSchema, messageId: z.string().max(19).regex(/^\d+$/).check(storableText) }).strict(),
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 5_000 },
  jobId: ({ subAccountId, leadId, messageId }) => `ai-turn-${subAccountId}-${leadId}-${messageId}`,
  async process(ctx, { leadId }) {
    const { answerLead } = await (answerLeadModule ??= import("@/server/agents/answer-lead"));
    const answered = await answerLead(ctx, { leadId });
    if (answered.locked) return answered.value;
    await ctx.job.moveToDelayed(Date.now() + LEAD_BUSY_RETRY_MS, ctx.job.token);
    throw new DelayedError();
  },
});
