import { z } from "zod";
import { DAILY_MAINTENANCE_JOB, defineJob } from "./define";

/** Deletes uploads of imports nobody started within a week, and reports a month after completion (daily). */
export const cleanupStaleImportsJob = defineJob({
  name: "cleanup-stale-imports",
  queue: "default",
  scope: "platform",
  payload: z.object({}).strict(),
  ...DAILY_MAINTENANCE_JOB,
  repeat: { pattern: "45 3 * * *", tz: "UTC", data: {} },
  async process(ctx) {
    const { cleanupStaleImports } = await import("@/server/services/imports/cleanup-stale-imports");
    return cleanupStaleImports(ctx);
  },
});
