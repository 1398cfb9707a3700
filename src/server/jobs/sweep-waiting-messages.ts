import { z } from "zod";
import { defineJob, MAINTENANCE_JOB } from "./define";

/** Queues lost turns again and hands long-unanswered lead messages to a person (see agents/waiting-messages.ts). */
export const sweepWaitingMessagesJob = defineJob({
  name: "sweep-waiting-messages",
  queue: "default",
  scope: "platform",
  payload: z.object({}).strict(),
  ...MAINTENANCE_JOB,
  repeat: { every: 5 * 60 * 1000, data: {} },
  async process(ctx) {
    const { sweepWaitingMessages } = await import("@/server/agents/waiting-messages");
    return sweepWaitingMessages(ctx);
  },
});
