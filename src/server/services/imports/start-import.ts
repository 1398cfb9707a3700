import type { z } from "zod";
import { Prisma, type LeadImport } from "@/generated/prisma/client";
import type { selectImportSheetSchema, startImportSchema } from "@/schemas/imports";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueueWithRows } from "@/server/jobs/enqueue";
import { analyzeLeadImportJob } from "@/server/jobs/analyze-lead-import";
import { leadImportJob } from "@/server/jobs/lead-import";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { retryJobRun } from "@/server/services/jobs/manage-job-runs";
import { assertOwner, assertStrategy } from "@/server/services/leads/lead-fields";
import { findImport, getImport } from "./list-imports";

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

/** An import's fields as they were before a step that queues work, to put back when the queue refuses the job. */
function asBefore(record: LeadImport) {
  const { status, sheetName, headers, previewRows, totalRows, mapping, duplicateMode, ownerId, strategyId, jobRunId } = record;
  return { status, sheetName, headers, previewRows: previewRows ?? Prisma.DbNull, totalRows, mapping: mapping ?? Prisma.DbNull, duplicateMode, ownerId, strategyId, jobRunId };
}
