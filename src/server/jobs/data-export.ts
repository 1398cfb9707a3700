import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/** Writes one DataExport's file; the workspace is the JobRun's, the export row says what to write. */
export const dataExportJob = defineJob({
  name: "data-export",
  queue: "default",
  scope: "workspace",
  payload: z.object({ exportId: idSchema }).strict(),
  attempts: 3,
  backoff: { type: "exponential", delay: 10_000 },
  jobId: ({ exportId }) => `data-export-${exportId}`,
  async process(ctx, payload) {
    const { runDataExport } = await import("@/server/services/exports/run-data-export");
    return runDataExport(ctx, payload);
  },
});
