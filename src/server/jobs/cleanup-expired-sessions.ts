import { z } from "zod";
import { defineJob, MAINTENANCE_JOB } from "./define";

/** Deletes expired and long-revoked sessions, decayed lockout counters and old login attempts. */
export const cleanupExpiredSessionsJob = defineJob({
  name: "cleanup-expired-sessions",
  queue: "default",
  scope: "platform",
  payload: z.object({}).strict(),
  ...MAINTENANCE_JOB,
  repeat: { every: 15 * 60 * 1000, data: {} },
  async process(ctx) {
    const { cleanupExpiredSessions } = await import("@/server/services/auth/cleanup-expired-sessions");
    return cleanupExpiredSessions(ctx);
  },
});
