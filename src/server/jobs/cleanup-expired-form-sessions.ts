import { z } from "zod";
import { DAILY_MAINTENANCE_JOB, defineJob } from "./define";

/** Deletes forms' partial sessions 30 days after their last save, and the files uploaded to them and never sent (daily). */
export const cleanupExpiredFormSessionsJob = defineJob({
  name: "cleanup-expired-form-sessions",
  queue: "default",
  scope: "platform",
  payload: z.object({}).strict(),
  ...DAILY_MAINTENANCE_JOB,
  repeat: { pattern: "15 4 * * *", tz: "UTC", data: {} },
  async process(ctx) {
    const { cleanupExpiredFormSessions } = await import("@/server/services/forms/cleanup-expired-form-sessions");
    return cleanupExpiredFormSessions(ctx);
  },
});
