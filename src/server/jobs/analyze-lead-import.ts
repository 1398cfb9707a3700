import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/**
 * File processing: checks an uploaded lead file and reads its sheets, header, row count and preview. No fixed job
 * id: choosing another sheet analyses the same import again (the job only acts while the import is "analyzing").
 */
export const analyzeLeadImportJob = defineJob({
  name: "analyze-lead-import",
  queue: "default",
  scope: "workspace",
  payload: z.object({ importId: idSchema }).strict(),
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  async process(ctx, payload) {
    const { analyzeLeadImport } = await import("@/server/services/imports/analyze-lead-import");
    return analyzeLeadImport(ctx, payload);
  },
});
