import { z } from "zod";
import { defineJob } from "./define";

/** Every 15 minutes: the incremental contact sync of every GoHighLevel connection that is on and fully imported. */
export const ghlScheduleSyncJob = defineJob({
  name: "ghl-schedule-sync",
  queue: "default",
  scope: "platform",
  payload: z.object({}).strict(),
  attempts: 1,
  backoff: { type: "fixed", delay: 60_000 },
  removeOnComplete: { age: 3_600, count: 100 },
  repeat: { every: 15 * 60 * 1000, data: {} },
  async process() {
    const { scheduleGhlSync } = await import("@/server/services/integrations/gohighlevel/schedule-sync");
    return scheduleGhlSync();
  },
});
