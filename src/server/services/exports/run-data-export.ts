import { PassThrough, type Readable, type Writable } from "node:stream";
import { once } from "node:events";
import { ZipArchive } from "archiver";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import type { ExportDataset } from "@/schemas/exports";
import type { WorkspaceJobContext } from "@/server/context";
import type { TenantDb } from "@/server/db/tenant";
import { AppError, NON_RETRYABLE_CODES } from "@/server/errors";
import { getStorage, type Storage } from "@/server/integrations/storage";
import { assertKeyInWorkspace } from "@/server/integrations/storage/workspace-files";
import { isoWithOffset } from "@/lib/time";
import { timeZoneFromSettings } from "@/server/services/workspaces/workspace-time-zone";
import { datasetSpec, EXPORT_BATCH_SIZE, type Cell, type DatasetSpec } from "./datasets";

export const CONTENT_TYPES = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
} as const;

interface RunInput {
  exportId: number;
  /** The configured storage unless given (tests give one that fails). */
  storage?: Storage;
}

/** Waits for room in a writable (backpressure) instead of buffering a whole dataset. */
async function write(stream: Writable, chunk: unknown): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

/** One dataset as a stream of CSV or XLSX bytes; `fill` writes the rows and ends it. */
function datasetFile(format: "csv" | "xlsx", headers: readonly string[]) {
  if (format === "csv") {
    const csv = stringify({ header: true, columns: [...headers], cast: { boolean: (b) => (b ? "true" : "false") } });
    return {
      stream: csv as Readable,
      addRow: (row: Cell[]) => write(csv, row),
      end: async () => void csv.end(),
    };
  }
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet("Export");
  sheet.addRow([...headers]).commit();
  return {
    stream: out as Readable,
    addRow: async (row: Cell[]) => {
      sheet.addRow(row).commit();
      // exceljs writes into `out` synchronously; wait when the consumer is behind.
      if (out.writableNeedDrain) await once(out, "drain");
    },
    end: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}

async function summaryFacts(db: TenantDb, counts: Partial<Record<ExportDataset, number>>) {
  const [leadStatuses, bookingStatuses] = await Promise.all([
    counts.leads === undefined ? [] : db.lead.groupBy({ by: ["status"], _count: { _all: true }, orderBy: { status: "asc" } }),
    counts.bookings === undefined ? [] : db.booking.groupBy({ by: ["status"], _count: { _all: true }, orderBy: { status: "asc" } }),
  ]);
  return {
    leadsByStatus: leadStatuses.map((r) => [String(r.status), r._count._all] as const),
    bookingsByStatus: bookingStatuses.map((r) => [String(r.status), r._count._all] as const),
  };
}

function summaryPdf(
  workspace: { name: string; timeZone: string },
  counts: Partial<Record<ExportDataset, number>>,
  facts: Awaited<ReturnType<typeof summaryFacts>>,
): Readable {
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Export summary — ${workspace.name}` } });
  doc.fontSize(18).text(`Export summary: ${workspace.name}`);
  doc.moveDown(0.5).fontSize(10).text(`Generated ${isoWithOffset(new Date(), workspace.timeZone)} (${workspace.timeZone})`);
  doc.moveDown().fontSize(13).text("Rows per dataset");
  for (const [dataset, count] of Object.entries(counts)) doc.fontSize(11).text(`${dataset}: ${count}`);
  if (facts.leadsByStatus.length) {
    doc.moveDown().fontSize(13).text("Leads per status");
    for (const [status, count] of facts.leadsByStatus) doc.fontSize(11).text(`${status}: ${count}`);
  }
  if (facts.bookingsByStatus.length) {
    doc.moveDown().fontSize(13).text("Bookings per status");
    for (const [status, count] of facts.bookingsByStatus) doc.fontSize(11).text(`${status}: ${count}`);
  }
  doc.end();
  return doc as unknown as Readable;
}

/**
 * Writes the export's file: one dataset without a summary is a single CSV/XLSX, anything more a ZIP. Rows are
 * streamed in keyset-paged batches through the workspace's tenant client into storage. A retry writes the same
 * key again (overwritten), so it is idempotent.
 */
export async function runDataExport(ctx: WorkspaceJobContext, { exportId, storage = getStorage() }: RunInput) {
  const { db, reportProgress } = ctx;
  const row = await db.dataExport.findUnique({ where: { id: exportId } });
  if (!row) throw new AppError("NOT_FOUND", "No such export in this workspace.");
  if (row.status === "expired") throw new AppError("PRECONDITION_FAILED", "This export has expired.");
  if (!row.storageKey) throw new AppError("PRECONDITION_FAILED", "This export has no storage key.");
  assertKeyInWorkspace(row.storageKey, ctx.workspace.id, "exports");
  await db.dataExport.update({ where: { id: exportId }, data: { status: "running", error: null } });

  try {
    const datasets = row.datasets as ExportDataset[];
    const settings = await db.subAccount.findFirst({ select: { settings: true } });
    const workspace = { name: ctx.workspace.name, timeZone: timeZoneFromSettings(settings?.settings) };
    const specs = new Map<ExportDataset, DatasetSpec>();
    for (const d of datasets) specs.set(d, await datasetSpec(db, d, row));
    const counts: Partial<Record<ExportDataset, number>> = {};
    for (const d of datasets) counts[d] = await specs.get(d)!.count(db);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    let done = 0;
    let lastPct = -1;
    const progress = () => {
      const pct = total === 0 ? 99 : Math.min(99, Math.floor((done / total) * 100));
      if (pct !== lastPct) reportProgress((lastPct = pct));
    };

    const fillDataset = async (dataset: ExportDataset, file: ReturnType<typeof datasetFile>) => {
      const spec = specs.get(dataset)!;
      let afterId = 0;
      for (;;) {
        const { rows, lastId } = await spec.batch(db, afterId, EXPORT_BATCH_SIZE, workspace.timeZone);
        for (const r of rows) await file.addRow(r);
        done += rows.length;
        progress();
        if (lastId === null || rows.length < EXPORT_BATCH_SIZE) break;
        afterId = lastId;
      }
      await file.end();
    };

    const single = datasets.length === 1 && !row.includePdfSummary;
    if (single) {
      const dataset = datasets[0]!;
      const file = datasetFile(row.format, specs.get(dataset)!.headers);
      const upload = storage.uploadLarge(row.storageKey, file.stream, { contentType: CONTENT_TYPES[row.format] });
      await Promise.all([upload, fillDataset(dataset, file).catch((e: unknown) => {
        file.stream.destroy(e as Error);
        throw e;
      })]);
    } else {
      const archive = new ZipArchive({ zlib: { level: 6 } });
      // archiver's streams are not node:stream instances; storage takes a Node Readable.
      const zipBytes = new PassThrough();
      archive.on("error", (e) => zipBytes.destroy(e));
      archive.pipe(zipBytes);
      const upload = storage.uploadLarge(row.storageKey, zipBytes, { contentType: CONTENT_TYPES.zip });
      const produce = async () => {
        // Entries are consumed in order, so each is filled only after the previous one was appended and filled.
        for (const dataset of datasets) {
          const file = datasetFile(row.format, specs.get(dataset)!.headers);
          archive.append(file.stream, { name: `${dataset}.${row.format}` });
          await fillDataset(dataset, file);
        }
        if (row.includePdfSummary) {
          const facts = await summaryFacts(db, counts);
          archive.append(summaryPdf(workspace, counts, facts), { name: "summary.pdf" });
        }
        await archive.finalize();
      };
      await Promise.all([upload, produce().catch((e: unknown) => {
        archive.destroy(e as Error);
        zipBytes.destroy(e as Error);
        throw e;
      })]);
    }

    const head = await storage.headObject(row.storageKey);
    reportProgress(100);
    await db.dataExport.update({
      where: { id: exportId },
      data: { status: "completed", sizeBytes: head?.size ?? null, rowCount: total, completedAt: new Date(), error: null },
    });
    return { exportId, rowCount: total, sizeBytes: head?.size ?? 0 };
  } catch (e) {
    const message = e instanceof AppError ? e.message : "The export could not be written.";
    const failed = ctx.isFinalAttempt || (e instanceof AppError && NON_RETRYABLE_CODES.has(e.code));
    await db.dataExport.update({
      where: { id: exportId },
      data: failed ? { status: "failed", error: message } : { status: "queued", error: `${message} Retrying.` },
    });
    throw e;
  }
}
