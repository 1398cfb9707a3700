import { z } from "zod";
import { defineJob } from "../define";

/** Deletes expired and long-revoked sessions, decayed lockout counters and old login attempts. */
export const cleanupExpiredSessionsJob = defineJob({
  name: "cleanup-expired-sessions",
  queue: "default",
  payload: z.object({}).strict(),
  attempts: 3,
  backoff: { type: "exponential", delay: 30_000 },
  removeOnComplete: { age: 24 * 3600, count: 100 },
  removeOnFail: { age: 7 * 24 * 3600, count: 100 },
  repeat: { every: 15 * 60 * 1000, data: {} },
});
