import type { z } from "zod";
import type { listImportIssuesSchema, listImportsSchema } from "@/schemas/imports";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";

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

export async function findImport(ctx: WorkspaceContext, id: number) {
  const record = await ctx.db.leadImport.findUnique({ where: { id } });
  if (!record) throw new AppError("NOT_FOUND", "No such import in this workspace.");
  return record;
}
