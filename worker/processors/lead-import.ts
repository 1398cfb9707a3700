import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { analyzeLeadImportJob, cleanupStaleImportsJob, leadImportJob } from "@/server/jobs/registry";
import { getStorage } from "@/server/integrations/storage";
import { analyzeLeadImport } from "@/server/services/imports/analyze-lead-import";
import { cleanupStaleImports } from "@/server/services/imports/cleanup-stale-imports";
import { runLeadImport } from "@/server/services/imports/run-lead-import";
import { defineProcessor } from "../processor";

/** Both work on the workspace of their JobRun, never on one named in the payload. */
export const analyzeLeadImportProcessor = defineProcessor(analyzeLeadImportJob, async ({ importId }, { job, workspaceId, reportProgress }) => {
  if (workspaceId === null) throw new AppError("PRECONDITION_FAILED", "An import must be started by a workspace.");
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return analyzeLeadImport({ workspaceId, importId, storage: getStorage(), reportProgress, finalAttempt });
});

export const leadImportProcessor = defineProcessor(leadImportJob, async ({ importId }, { job, workspaceId, reportProgress }) => {
  if (workspaceId === null) throw new AppError("PRECONDITION_FAILED", "An import must be started by a workspace.");
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return runLeadImport({ workspaceId, importId, storage: getStorage(), reportProgress, finalAttempt });
});

export const cleanupStaleImportsProcessor = defineProcessor(cleanupStaleImportsJob, () => cleanupStaleImports(unsafeDb, getStorage()));
