import type { z } from "zod";
import { Prisma, type LeadImport } from "@/generated/prisma/client";
import {
  IMPORT_CONTENT_TYPES,
  type createImportSchema,
  type createImportUploadSchema,
  type listImportIssuesSchema,
  type listImportsSchema,
  type selectImportSheetSchema,
  type startImportSchema,
} from "@/schemas/imports";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueueWithRows } from "@/server/jobs/enqueue";
import { analyzeLeadImportJob } from "@/server/jobs/analyze-lead-import";
import { leadImportJob } from "@/server/jobs/lead-import";
import { getStorage } from "@/server/integrations/storage";
import {
  confirmWorkspaceUpload,
  presignWorkspaceDownload,
  presignWorkspaceUpload,
  sanitizeFileName,
  workspaceKey,
} from "@/server/integrations/storage/workspace-files";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { retryJobRun } from "@/server/services/jobs/manage-job-runs";
import { assertOwner, assertStrategy } from "@/server/services/leads/lead-fields";
import { REPORT_RETENTION_DAYS } from "./import-retention";
import { importFileTypeOf } from "./read-import-file";

const importFields = {
  id: true,
  fileName: true,
  fileType: true,
  sizeBytes: true,
  sheetNames: true,
  sheetName: true,
  headers: true,
  previewRows: true,
  totalRows: true,
  mapping: true,
  duplicateMode: true,
  ownerId: true,
  strategyId: true,
  status: true,
  error: true,
  processedRows: true,
  createdCount: true,
  updatedCount: true,
  skippedCount: true,
  errorCount: true,
  jobRunId: true,
  createdAt: true,
  startedAt: true,
  completedAt: true,
  reportDeletedAt: true,
  requestedBy: { select: { id: true, name: true } },
} as const;

type ImportRow = { jobRunId: number | null; status: string; processedRows: number; totalRows: number | null };

/** Adds `progress` (0..100): the analysis job's while the file is read, the rows committed while importing. */
async function withProgress<R extends ImportRow>(ctx: WorkspaceContext, rows: R[]) {
  const ids = rows.filter((r) => r.status === "analyzing" && r.jobRunId !== null).map((r) => r.jobRunId!);
  const runs = ids.length ? await ctx.db.jobRun.findMany({ where: { id: { in: ids } }, select: { id: true, progress: true } }) : [];
  const byId = new Map(runs.map((r) => [r.id, r.progress]));
  return rows.map((row) => {
    let progress = 0;
    if (row.status === "completed") progress = 100;
    else if (row.status === "analyzing") progress = byId.get(row.jobRunId ?? 0) ?? 0;
    else if (row.totalRows) progress = Math.min(99, Math.floor((row.processedRows / row.totalRows) * 100));
    return { ...row, progress };
  });
}

/** Step 1: a URL the browser uploads the file to (the type comes from the name; browsers disagree on CSV's). */
export async function createImportUpload(ctx: WorkspaceContext, input: z.output<typeof createImportUploadSchema>) {
  const type = importFileTypeOf(input.fileName);
  return presignWorkspaceUpload(getStorage(), ctx.workspace.id, {
    kind: "imports",
    fileName: input.fileName,
    contentType: IMPORT_CONTENT_TYPES[type],
    size: input.size,
  });
}

/** Step 2: the upload has arrived; the analysis job checks the file and prepares the preview. */
export async function createImport(ctx: WorkspaceContext, input: z.output<typeof createImportSchema>) {
  const fileType = importFileTypeOf(input.fileName);
  const storage = getStorage();
  const head = await confirmWorkspaceUpload(storage, ctx.workspace.id, input.key, "imports");
  if (head.contentType !== IMPORT_CONTENT_TYPES[fileType]) {
    throw AppError.field("file", `The upload was stored as ${head.contentType}, but "${input.fileName}" is a .${fileType} file; upload it again.`);
  }
  if (await ctx.db.leadImport.findFirst({ where: { storageKey: input.key }, select: { id: true } })) {
    throw AppError.field("file", "This upload already belongs to an import; upload the file again to import it again.");
  }
  const baseName = sanitizeFileName(input.fileName).replace(/\.[^.]+$/, "");
  // The import and its analysis job exist together or not at all (nothing waits for a job Redis refused).
  const { written: created } = await enqueueWithRows(ctx, analyzeLeadImportJob, {
    async write(tx, record) {
      const row = await tx.leadImport.create({
        data: {
          subAccountId: ctx.workspace.id,
          requestedByUserId: ctx.account?.kind === "user" ? ctx.account.id : null,
          fileName: input.fileName,
          fileType,
          sizeBytes: head.size,
          storageKey: input.key,
          errorReportKey: workspaceKey(ctx.workspace.id, "imports", `${baseName}-report.csv`),
        },
        select: { id: true },
      });
      await tx.leadImport.update({ where: { id: row.id }, data: { jobRunId: await record({ importId: row.id }) } });
      return row;
    },
    async undo(tx, row) {
      await tx.leadImport.delete({ where: { id: row.id } });
    },
  });
  await auditInWorkspace(ctx, {
    action: "lead_import.created",
    targetType: "LeadImport",
    targetId: created.id,
    changes: { fileName: input.fileName, sizeBytes: head.size },
  });
  return getImport(ctx, { id: created.id });
}

/** A workbook with several sheets: the user picks the one to import, which is then read like a single sheet. */
export async function selectImportSheet(ctx: WorkspaceContext, input: z.output<typeof selectImportSheetSchema>) {
  const record = await findImport(ctx, input.id);
  if (record.status !== "needs_sheet" && record.status !== "ready") {
    throw new AppError("PRECONDITION_FAILED", "The sheet can only be chosen before the import starts.");
  }
  if (!record.sheetNames.includes(input.sheetName)) {
    throw AppError.field("sheetName", `The workbook has no sheet named "${input.sheetName}"; choose one of: ${record.sheetNames.join(", ")}.`);
  }
  await enqueueWithRows(ctx, analyzeLeadImportJob, {
    async write(tx, recordRun) {
      const claimed = await tx.leadImport.updateMany({
        where: { id: record.id, status: record.status },
        data: { status: "analyzing", sheetName: input.sheetName, headers: [], previewRows: [], totalRows: null, mapping: Prisma.DbNull },
      });
      if (claimed.count === 0) throw new AppError("CONFLICT", "The import changed meanwhile; reload it.");
      await tx.leadImport.update({ where: { id: record.id }, data: { jobRunId: await recordRun({ importId: record.id }) } });
    },
    async undo(tx) {
      await tx.leadImport.update({ where: { id: record.id }, data: asBefore(record) });
    },
  });
  return getImport(ctx, { id: record.id });
}

/** Step 3: the user confirmed the mapping and the duplicate rule; the import job starts. */
export async function startImport(ctx: WorkspaceContext, input: z.output<typeof startImportSchema>) {
  const record = await findImport(ctx, input.id);
  if (record.status !== "ready") throw new AppError("PRECONDITION_FAILED", `This import is ${record.status.replace("_", " ")}, so it cannot be started.`);
  for (const column of Object.keys(input.mapping)) {
    if (Number(column) >= record.headers.length) {
      throw AppError.field(`mapping.${column}`, `The file has ${record.headers.length} columns; there is no column ${Number(column) + 1}.`);
    }
  }
  if (input.ownerId) await assertOwner(ctx, input.ownerId);
  if (input.strategyId) await assertStrategy(ctx, input.strategyId);
  await enqueueWithRows(ctx, leadImportJob, {
    async write(tx, recordRun) {
      const claimed = await tx.leadImport.updateMany({
        where: { id: record.id, status: "ready" },
        data: {
          status: "queued",
          mapping: input.mapping,
          duplicateMode: input.duplicateMode,
          ownerId: input.ownerId ?? null,
          strategyId: input.strategyId ?? null,
        },
      });
      if (claimed.count === 0) throw new AppError("CONFLICT", "This import has already been started.");
      await tx.leadImport.update({ where: { id: record.id }, data: { jobRunId: await recordRun({ importId: record.id }) } });
    },
    async undo(tx) {
      await tx.leadImport.update({ where: { id: record.id }, data: asBefore(record) });
    },
  });
  await auditInWorkspace(ctx, {
    action: "lead_import.started",
    targetType: "LeadImport",
    targetId: record.id,
    changes: { duplicateMode: input.duplicateMode, rows: record.totalRows },
  });
  return getImport(ctx, { id: record.id });
}

/** An import that stopped after its last attempt continues from its checkpoint. */
export async function resumeImport(ctx: WorkspaceContext, input: { id: number }) {
  const record = await findImport(ctx, input.id);
  if (record.status !== "failed" || record.startedAt === null || record.jobRunId === null) {
    throw new AppError("PRECONDITION_FAILED", "Only an import that stopped while importing can be resumed.");
  }
  const claimed = await ctx.db.leadImport.updateMany({ where: { id: record.id, status: "failed" }, data: { status: "queued", error: null } });
  if (claimed.count === 0) throw new AppError("CONFLICT", "This import is already being resumed.");
  try {
    await retryJobRun(ctx, { id: record.jobRunId });
  } catch (e) {
    await ctx.db.leadImport.update({ where: { id: record.id }, data: { status: "failed", error: record.error } });
    throw e;
  }
  return getImport(ctx, { id: record.id });
}

export async function listImports(ctx: WorkspaceContext, input: z.output<typeof listImportsSchema>) {
  const rows = await ctx.db.leadImport.findMany({
    where: input.cursor ? { id: { lt: input.cursor } } : {},
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: importFields,
  });
  const items = await withProgress(ctx, rows.slice(0, input.limit));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getImport(ctx: WorkspaceContext, input: { id: number }) {
  const row = await ctx.db.leadImport.findUnique({ where: { id: input.id }, select: importFields });
  if (!row) throw new AppError("NOT_FOUND", "No such import in this workspace.");
  const [withRun] = await withProgress(ctx, [row]);
  return withRun!;
}

/** The report's lines, in row order, for the results screen. */
export async function listImportIssues(ctx: WorkspaceContext, input: z.output<typeof listImportIssuesSchema>) {
  await findImport(ctx, input.id);
  const rows = await ctx.db.leadImportIssue.findMany({
    where: { importId: input.id, ...(input.cursor ? { id: { gt: BigInt(input.cursor) } } : {}) },
    orderBy: { id: "asc" },
    take: input.limit + 1,
    select: { id: true, rowNumber: true, column: true, value: true, reason: true, kind: true },
  });
  const items = rows.slice(0, input.limit).map((r) => ({ ...r, id: Number(r.id) }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

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

/** An import's fields as they were before a step that queues work, to put back when the queue refuses the job. */
function asBefore(record: LeadImport) {
  const { status, sheetName, headers, previewRows, totalRows, mapping, duplicateMode, ownerId, strategyId, jobRunId } = record;
  return { status, sheetName, headers, previewRows: previewRows ?? Prisma.DbNull, totalRows, mapping: mapping ?? Prisma.DbNull, duplicateMode, ownerId, strategyId, jobRunId };
}

async function findImport(ctx: WorkspaceContext, id: number) {
  const record = await ctx.db.leadImport.findUnique({ where: { id } });
  if (!record) throw new AppError("NOT_FOUND", "No such import in this workspace.");
  return record;
}
