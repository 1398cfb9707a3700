import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob, MAINTENANCE_JOB } from "../define";

/**
 * One AI turn for a lead, enqueued per inbound message (delayed by the strategy's pacing). The turn answers every
 * message of the lead still pending, so messages that arrived during the delay get one reply and later jobs of the
 * same batch find nothing to do. Model failures are handled inside the turn (the messages then wait for a person);
 * a job failure means the database or Redis failed, and the turn is retried.
 */
export const aiTurnJob = defineJob({
  name: "ai-turn",
  queue: "ai",
  payload: z.object({ subAccountId: idSchema, leadId: idSchema, messageId: z.string().regex(/^\d+$/) }).strict(),
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 5_000 },
  jobId: ({ subAccountId, leadId, messageId }) => `ai-turn-${subAccountId}-${leadId}-${messageId}`,
});

/** Queues lost turns again and hands long-unanswered lead messages to a person (see agents/waiting-messages.ts). */
export const sweepWaitingMessagesJob = defineJob({
  name: "sweep-waiting-messages",
  queue: "default",
  payload: z.object({}).strict(),
  ...MAINTENANCE_JOB,
  repeat: { every: 5 * 60 * 1000, data: {} },
});
