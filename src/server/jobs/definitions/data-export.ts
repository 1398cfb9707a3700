import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { DAILY_MAINTENANCE_JOB, defineJob } from "../define";

/** Writes one DataExport's file; the workspace is the JobRun's, the export row says what to write. */
export const dataExportJob = defineJob({
  name: "data-export",
  queue: "default",
  payload: z.object({ exportId: idSchema }).strict(),
  attempts: 3,
  backoff: { type: "exponential", delay: 10_000 },
  jobId: ({ exportId }) => `data-export-${exportId}`,
});

/** Deletes the files of expired exports and marks their rows expired (daily). */
export const cleanupExpiredExportsJob = defineJob({
  name: "cleanup-expired-exports",
  queue: "default",
  payload: z.object({}).strict(),
  ...DAILY_MAINTENANCE_JOB,
  repeat: { pattern: "30 3 * * *", tz: "UTC", data: {} },
});
