import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { getStorage } from "@/server/integrations/storage";
import { presignWorkspaceDownload } from "@/server/integrations/storage/workspace-files";
import { REPORT_RETENTION_DAYS } from "./import-retention";
import { findImport } from "./list-imports";

/** A 15-minute link to the CSV of refused and skipped rows of a completed import of the caller's workspace. */
export async function downloadImportReport(ctx: WorkspaceContext, input: { id: number }) {
  const record = await findImport(ctx, input.id);
  if (record.status !== "completed") throw new AppError("PRECONDITION_FAILED", "The report is written when the import completes.");
  if (record.errorCount + record.skippedCount === 0) throw new AppError("PRECONDITION_FAILED", "Every row was imported: there is no report.");
  if (record.reportDeletedAt) throw new AppError("PRECONDITION_FAILED", `Reports are kept ${REPORT_RETENTION_DAYS} days; this one has been deleted.`);
  const name = `${record.fileName.replace(/\.[^.]+$/, "")}-import-report.csv`;
  const url = await presignWorkspaceDownload(getStorage(), ctx.workspace.id, record.errorReportKey, { downloadName: name });
  return { url };
}
