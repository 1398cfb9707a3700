import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { cleanupExpiredExportsJob, dataExportJob } from "@/server/jobs/registry";
import { getStorage } from "@/server/integrations/storage";
import { cleanupExpiredExports } from "@/server/services/exports/cleanup-expired-exports";
import { runDataExport } from "@/server/services/exports/run-data-export";
import { defineProcessor } from "../processor";

/** An export works on the workspace of its JobRun, never on one named in the payload. */
export const dataExportProcessor = defineProcessor(dataExportJob, async ({ exportId }, { job, workspaceId, reportProgress }) => {
  if (workspaceId === null) throw new AppError("PRECONDITION_FAILED", "An export must be started by a workspace.");
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return runDataExport({ workspaceId, exportId, storage: getStorage(), reportProgress, finalAttempt });
});

export const cleanupExpiredExportsProcessor = defineProcessor(cleanupExpiredExportsJob, () =>
  cleanupExpiredExports(unsafeDb, getStorage()),
);
