import type { RequestContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { getStorage, type Storage } from "@/server/integrations/storage";
import { REPORT_RETENTION_DAYS, STALE_UPLOAD_DAYS } from "./import-retention";

export const STALE_IMPORT_MESSAGE = `Not started within ${STALE_UPLOAD_DAYS} days: the uploaded file was deleted. Upload it again to import it.`;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Platform job (all workspaces, hence unsafeDb): the uploads of imports left unstarted (or refused) for a week are deleted and those imports
 * closed; reports of imports completed a month ago are deleted (the report link then says it expired).
 */
export async function cleanupStaleImports(_ctx: RequestContext, input: { storage?: Storage; now?: Date } = {}) {
  const { storage = getStorage(), now = new Date() } = input;
  const staleBefore = new Date(now.getTime() - STALE_UPLOAD_DAYS * DAY_MS);
  let uploadsDeleted = 0;
  for (;;) {
    const rows = await unsafeDb.leadImport.findMany({
      where: {
        createdAt: { lte: staleBefore },
        // An import that failed while importing can be resumed: its upload is kept until it completes.
        OR: [{ status: { in: ["analyzing", "needs_sheet", "ready"] } }, { status: "failed", startedAt: null, error: { not: STALE_IMPORT_MESSAGE } }],
      },
      orderBy: { id: "asc" },
      take: 500,
      select: { id: true, storageKey: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) await storage.deleteObject(row.storageKey);
    await unsafeDb.leadImport.updateMany({
      where: { id: { in: rows.map((r) => r.id) } },
      data: { status: "failed", error: STALE_IMPORT_MESSAGE, completedAt: now },
    });
    uploadsDeleted += rows.length;
  }

  const reportsBefore = new Date(now.getTime() - REPORT_RETENTION_DAYS * DAY_MS);
  const reports = await unsafeDb.leadImport.findMany({
    where: { status: "completed", completedAt: { lte: reportsBefore }, reportDeletedAt: null },
    select: { id: true, errorReportKey: true },
  });
  for (const row of reports) await storage.deleteObject(row.errorReportKey);
  await unsafeDb.leadImport.updateMany({ where: { id: { in: reports.map((r) => r.id) } }, data: { reportDeletedAt: now } });
  return { uploadsDeleted, reportsDeleted: reports.length };
}
