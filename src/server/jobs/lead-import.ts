import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/**
 * Imports the rows in checkpointed batches. Many attempts: each one resumes after the last committed batch,
 * so retrying costs nothing and a crash mid-file never leaves a half import.
 */
export const leadImportJob = defineJob({
  name: "lead-import",
  queue: "default",
  scope: "workspace",
  payload: z.object({ importId: idSchema }).strict(),
  attempts: 8,
  backoff: { type: "exponential", delay: 5_000 },
  jobId: ({ importId }) => `lead-import-${importId}`,
  async process(ctx, payload) {
    const { runLeadImport } = await import("@/server/services/imports/run-lead-import");
    return runLeadImport(ctx, payload);
  },
});
