import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "../define";

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
  attempts: 3,
  backoff: { type: "exponential", delay: 60_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 30 },
  removeOnFail: { age: 7 * 24 * 3600, count: 30 },
  repeat: { pattern: "30 3 * * *", tz: "UTC", data: {} },
});
