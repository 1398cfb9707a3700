import { z } from "zod";
import { DAILY_MAINTENANCE_JOB, defineJob } from "./define";

/** Deletes the files of expired exports and marks their rows expired (daily). */
export const cleanupExpiredExportsJob = defineJob({
  name: "cleanup-expired-exports",
  queue: "default",
  scope: "platform",
  payload: z.object({}).strict(),
  ...DAILY_MAINTENANCE_JOB,
  repeat: { pattern: "30 3 * * *", tz: "UTC", data: {} },
  async process(ctx) {
    const { cleanupExpiredExports } = await import("@/server/services/exports/cleanup-expired-exports");
    return cleanupExpiredExports(ctx);
  },
});
