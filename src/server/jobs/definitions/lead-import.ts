import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { DAILY_MAINTENANCE_JOB, defineJob } from "../define";

/**
 * File processing: checks an uploaded lead file and reads its sheets, header, row count and preview. No fixed job
 * id: choosing another sheet analyses the same import again (the job only acts while the import is "analyzing").
 */
export const analyzeLeadImportJob = defineJob({
  name: "analyze-lead-import",
  queue: "default",
  payload: z.object({ importId: idSchema }).strict(),
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
});

/**
 * Imports the rows in checkpointed batches. Many attempts: each one resumes after the last committed batch,
 * so retrying costs nothing and a crash mid-file never leaves a half import.
 */
export const leadImportJob = defineJob({
  name: "lead-import",
  queue: "default",
  payload: z.object({ importId: idSchema }).strict(),
  attempts: 8,
  backoff: { type: "exponential", delay: 5_000 },
  jobId: ({ importId }) => `lead-import-${importId}`,
});

/** Deletes uploads of imports nobody started within a week, and reports a month after completion (daily). */
export const cleanupStaleImportsJob = defineJob({
  name: "cleanup-stale-imports",
  queue: "default",
  payload: z.object({}).strict(),
  ...DAILY_MAINTENANCE_JOB,
  repeat: { pattern: "45 3 * * *", tz: "UTC", data: {} },
});
