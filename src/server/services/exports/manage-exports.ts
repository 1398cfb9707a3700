import type { z } from "zod";
import type { createExportSchema, listExportsSchema } from "@/schemas/exports";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueueWithRows } from "@/server/jobs/enqueue";
import { dataExportJob } from "@/server/jobs/data-export";
import { getStorage } from "@/server/integrations/storage";
import { assertKeyInWorkspace, presignWorkspaceDownload, workspaceKey } from "@/server/integrations/storage/workspace-files";
import { auditInWorkspace } from "@/server/services/audit/record-audit";

export const EXPORT_RETENTION_DAYS = 7;
const DOWNLOAD_URL_SECONDS = 15 * 60;

const exportFields = {
  id: true,
  datasets: true,
  format: true,
  includePdfSummary: true,
  formTemplateId: true,
  status: true,
  fileName: true,
  sizeBytes: true,
  rowCount: true,
  error: true,
  jobRunId: true,
  expiresAt: true,
  createdAt: true,
  completedAt: true,
  requestedBy: { select: { id: true, name: true } },
} as const;

type ExportRow = { jobRunId: number | null };

/** Adds `progress` (0..100) from the export's JobRun. */
async function withProgress<R extends ExportRow>(ctx: WorkspaceContext, rows: R[]) {
  const ids = rows.map((r) => r.jobRunId).filter((id): id is number => id !== null);
  const runs = ids.length ? await ctx.db.jobRun.findMany({ where: { id: { in: ids } }, select: { id: true, progress: true } }) : [];
  const byId = new Map(runs.map((r) => [r.id, r.progress]));
  return rows.map((row) => ({ ...row, progress: row.jobRunId === null ? 0 : (byId.get(row.jobRunId) ?? 0) }));
}

function exportFileName(id: number, input: z.output<typeof createExportSchema>, now: Date): string {
  const day = now.toISOString().slice(0, 10);
  const single = input.datasets.length === 1 && !input.includePdfSummary;
  return single ? `${input.datasets[0]!.replaceAll("_", "-")}-${day}-${id}.${input.format}` : `export-${day}-${id}.zip`;
}

export async function createExport(ctx: WorkspaceContext, input: z.output<typeof createExportSchema>) {
  const now = new Date();
  if (input.formId !== undefined && !(await ctx.db.formTemplate.count({ where: { id: input.formId } }))) {
    throw new AppError("NOT_FOUND", "No such form in this workspace.");
  }
  // The export and its job exist together or not at all (nothing waits for a job Redis refused).
  const { written: created } = await enqueueWithRows(ctx, dataExportJob, {
    async write(tx, record) {
      const row = await tx.dataExport.create({
        data: {
          subAccountId: ctx.workspace.id,
          requestedByUserId: ctx.account?.kind === "user" ? ctx.account.id : null,
          datasets: input.datasets,
          format: input.format,
          includePdfSummary: input.includePdfSummary,
          formTemplateId: input.formId ?? null,
          fileName: "pending",
          expiresAt: new Date(now.getTime() + EXPORT_RETENTION_DAYS * 24 * 3600 * 1000),
        },
        select: { id: true },
      });
      const fileName = exportFileName(row.id, input, now);
      // The key is fixed here, so every attempt of the job writes (and overwrites) the same object.
      await tx.dataExport.update({
        where: { id: row.id },
        data: { fileName, storageKey: workspaceKey(ctx.workspace.id, "exports", fileName), jobRunId: await record({ exportId: row.id }) },
      });
      return row;
    },
    async undo(tx, row) {
      await tx.dataExport.delete({ where: { id: row.id } });
    },
  });
  await auditInWorkspace(ctx, {
    action: "data_export.created",
    targetType: "DataExport",
    targetId: created.id,
    changes: { datasets: input.datasets, format: input.format, includePdfSummary: input.includePdfSummary, ...(input.formId ? { formId: input.formId } : {}) },
  });
  return getExport(ctx, { id: created.id });
}

export async function listExports(ctx: WorkspaceContext, input: z.output<typeof listExportsSchema>) {
  const rows = await ctx.db.dataExport.findMany({
    where: input.cursor ? { id: { lt: input.cursor } } : {},
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: exportFields,
  });
  const items = await withProgress(ctx, rows.slice(0, input.limit));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getExport(ctx: WorkspaceContext, input: { id: number }) {
  const row = await ctx.db.dataExport.findUnique({ where: { id: input.id }, select: exportFields });
  if (!row) throw new AppError("NOT_FOUND", "No such export in this workspace.");
  const [withRun] = await withProgress(ctx, [row]);
  return withRun!;
}

/** A 15-minute download URL for a completed, unexpired export of the caller's workspace. */
export async function downloadExport(ctx: WorkspaceContext, input: { id: number }) {
  const row = await ctx.db.dataExport.findUnique({
    where: { id: input.id },
    select: { id: true, status: true, storageKey: true, fileName: true, expiresAt: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "No such export in this workspace.");
  if (row.status === "expired" || row.expiresAt <= new Date()) {
    throw new AppError("PRECONDITION_FAILED", "This export has expired; create a new one.");
  }
  if (row.status !== "completed" || !row.storageKey) {
    throw new AppError("PRECONDITION_FAILED", "This export is not ready yet.");
  }
  assertKeyInWorkspace(row.storageKey, ctx.workspace.id, "exports");
  const url = await presignWorkspaceDownload(getStorage(), ctx.workspace.id, row.storageKey, {
    downloadName: row.fileName,
    expiresInSeconds: DOWNLOAD_URL_SECONDS,
  });
  return { url, expiresInSeconds: DOWNLOAD_URL_SECONDS };
}
