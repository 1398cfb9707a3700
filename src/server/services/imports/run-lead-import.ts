import { stringify } from "csv-stringify";
import type { CountryCode } from "libphonenumber-js/max";
import { importMappingSchema } from "@/schemas/imports";
import type { LeadImport } from "@/generated/prisma/client";
import type { WorkspaceJobContext } from "@/server/context";
import { AppError, NON_RETRYABLE_CODES } from "@/server/errors";
import { getStorage, type Storage } from "@/server/integrations/storage";
import { assertKeyInWorkspace } from "@/server/integrations/storage/workspace-files";
import { regionFromSettings } from "@/server/services/phone";
import { readImportRows } from "./read-import-file";
import { CheckpointMoved, commitBatch, type PendingRow } from "./import-batches";
import { planColumns, validateImportRow, type ImportedLeadValues, type RowIssue } from "./validate-import-row";

export const IMPORT_BATCH_SIZE = 2_000;
/** Batches whose transactions are open at once (each on its own connection); they still commit in file order. */
export const IMPORT_BATCHES_IN_FLIGHT = 3;

type ImportRecord = LeadImport;

interface RunInput {
  importId: number;
  /** The configured storage unless given. */
  storage?: Storage;
}

/**
 * Imports the rows of a ready import, in batches of IMPORT_BATCH_SIZE. Each batch commits its leads, notes,
 * report lines, counts and the checkpoint (processedRows) in one transaction; an attempt after a crash or a
 * failure re-reads the file, skips the rows before the checkpoint and goes on, so every row is imported exactly
 * once. Duplicates inside the file are recognised by re-validating the skipped rows, which is deterministic.
 *
 * Up to IMPORT_BATCHES_IN_FLIGHT batches write at once on their own connections (PostgreSQL's index upkeep is most
 * of an import's time, and this spreads it over the cores) while the next batch is read and validated. A batch moves
 * the checkpoint last, only once the batch before it has committed, so commits stay in file order: the checkpoint
 * never passes a batch that is not committed, and a batch whose predecessor failed rolls back.
 */
export async function runLeadImport(ctx: WorkspaceJobContext, input: RunInput) {
  const { importId, storage = getStorage() } = input;
  const { db } = ctx;
  const where = { id: importId };
  let record = await db.leadImport.findUnique({ where });
  if (!record) throw new AppError("NOT_FOUND", `No import #${importId} in this workspace.`);
  if (record.status === "completed") return counts(record);
  // A failed import that had started is resumed (from the Jobs page or imports.resume) from its checkpoint.
  const resumable = record.status === "queued" || record.status === "running" || (record.status === "failed" && record.startedAt !== null);
  if (!resumable) throw new AppError("PRECONDITION_FAILED", `Import #${importId} is ${record.status}, so it cannot be imported.`);
  assertKeyInWorkspace(record.storageKey, ctx.workspace.id, "imports");
  record = await db.leadImport.update({
    where,
    data: { status: "running", startedAt: record.startedAt ?? new Date(), error: null },
  });

  try {
    await importRows(ctx, record, storage);
    return await finish(ctx, record, storage);
  } catch (e) {
    if (e instanceof CheckpointMoved) return { superseded: true };
    const retried = !ctx.isFinalAttempt && !(e instanceof AppError && NON_RETRYABLE_CODES.has(e.code));
    if (!retried) {
      const message = e instanceof AppError ? e.message : "The import stopped on an unexpected error; resume it to continue.";
      await db.leadImport.update({ where, data: { status: "failed", error: message } });
    }
    throw e;
  }
}

async function importRows(ctx: WorkspaceJobContext, record: ImportRecord, storage: Storage) {
  const mapping = importMappingSchema.parse(record.mapping);
  const plan = planColumns(record.headers, mapping);
  const workspace = await ctx.db.subAccount.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { settings: true } });
  const region: CountryCode = regionFromSettings(workspace.settings);
  const stream = await storage.getObjectStream(record.storageKey);
  if (!stream) throw new AppError("PRECONDITION_FAILED", "The uploaded file is gone; upload it again.");

  const firstRowOf: FirstRows = { email: new Map(), phone: new Map() };
  const total = record.totalRows ?? 0;
  const resumeAfter = record.processedRows;
  let checkpoint = resumeAfter;
  let ordinal = 0;
  let batch: PendingRow[] = [];
  let header = true;
  // Settles when the most recently started batch has committed (or failed).
  let lastCommit: Promise<void> = Promise.resolve();
  const inFlight: Promise<void>[] = [];
  const commit = (rows: PendingRow[]) => {
    const from = checkpoint;
    checkpoint += rows.length;
    const committed = commitBatch(record, from, rows, lastCommit).then(() => {
      ctx.reportProgress(total ? Math.min(99, Math.floor(((from + rows.length) / total) * 100)) : 0);
    });
    // Handled when awaited below; this only keeps a failure from counting as unhandled meanwhile.
    committed.catch(() => {});
    lastCommit = committed;
    inFlight.push(committed);
  };

  try {
    for await (const row of readImportRows(stream, record.fileType, { sheetName: record.sheetName })) {
      if (header) {
        header = false;
        continue;
      }
      ordinal++;
      const validated = validateImportRow(row.cells, plan, region);
      const pending: PendingRow = { rowNumber: row.rowNumber, lead: null, issues: [] };
      if (!validated.ok) pending.issues = validated.issues.map((issue) => ({ ...issue, kind: "error" }));
      else {
        const duplicate = duplicateInFile(validated.lead, row.rowNumber, firstRowOf);
        if (duplicate) pending.issues = [{ ...duplicate, kind: "skipped" }];
        else pending.lead = validated.lead;
      }
      if (ordinal <= resumeAfter) continue;
      batch.push(pending);
      if (batch.length >= IMPORT_BATCH_SIZE) {
        while (inFlight.length >= IMPORT_BATCHES_IN_FLIGHT) await inFlight.shift();
        commit(batch);
        batch = [];
      }
    }
    if (batch.length > 0) commit(batch);
    while (inFlight.length > 0) await inFlight.shift();
  } finally {
    // No transaction of this attempt stays open once it returns or fails.
    await Promise.allSettled(inFlight);
  }
}

/** The first row of the file that used each (normalized) email and phone, rows before the checkpoint included. */
interface FirstRows {
  email: Map<string, number>;
  phone: Map<string, number>;
}

function duplicateInFile(lead: ImportedLeadValues, rowNumber: number, firstRowOf: FirstRows): RowIssue | null {
  for (const key of ["email", "phone"] as const) {
    const value = lead[key];
    const first = value === null ? undefined : firstRowOf[key].get(value);
    if (first !== undefined) return { column: null, value, reason: `Same ${key} as row ${first} of this file` };
  }
  if (lead.email !== null) firstRowOf.email.set(lead.email, rowNumber);
  if (lead.phone !== null) firstRowOf.phone.set(lead.phone, rowNumber);
  return null;
}

/** Writes the report of refused and skipped rows (when there are any), marks the import completed, drops the upload. */
async function finish(ctx: WorkspaceJobContext, record: ImportRecord, storage: Storage) {
  const where = { id: record.id };
  const latest = await ctx.db.leadImport.findUniqueOrThrow({ where });
  if (latest.errorCount + latest.skippedCount > 0) {
    assertKeyInWorkspace(latest.errorReportKey, ctx.workspace.id, "imports");
    await storage.uploadLarge(latest.errorReportKey, issueReport(ctx, record.id), { contentType: "text/csv" });
  }
  const done = await ctx.db.leadImport.update({ where, data: { status: "completed", completedAt: new Date(), error: null } });
  await storage.deleteObject(record.storageKey);
  return counts(done);
}

/** row, column, value, kind, reason, in row order, read in pages so a 100k-line report never sits in memory. */
function issueReport(ctx: WorkspaceJobContext, importId: number) {
  const csv = stringify({ header: true, columns: ["row", "column", "value", "result", "reason"] });
  void (async () => {
    let after: bigint | null = null;
    for (;;) {
      const page: { id: bigint; rowNumber: number; column: string | null; value: string | null; kind: string; reason: string }[] =
        await ctx.db.leadImportIssue.findMany({
          where: { importId, ...(after === null ? {} : { id: { gt: after } }) },
          orderBy: { id: "asc" },
          take: 2_000,
        });
      for (const issue of page) {
        const line = [issue.rowNumber, issue.column ?? "", issue.value ?? "", issue.kind === "error" ? "not imported" : "skipped", issue.reason];
        if (!csv.write(line)) await new Promise((resolve) => csv.once("drain", resolve));
      }
      if (page.length < 2_000) break;
      after = page.at(-1)!.id;
    }
    csv.end();
  })().catch((e: unknown) => csv.destroy(e as Error));
  return csv;
}

function counts(record: ImportRecord) {
  return {
    created: record.createdCount,
    updated: record.updatedCount,
    skipped: record.skippedCount,
    errors: record.errorCount,
  };
}
