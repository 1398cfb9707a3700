import type { z } from "zod";
import { IMPORT_CONTENT_TYPES, type createImportSchema, type createImportUploadSchema } from "@/schemas/imports";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueueWithRows } from "@/server/jobs/enqueue";
import { analyzeLeadImportJob } from "@/server/jobs/analyze-lead-import";
import { getStorage } from "@/server/integrations/storage";
import { confirmWorkspaceUpload, presignWorkspaceUpload, sanitizeFileName, workspaceKey } from "@/server/integrations/storage/workspace-files";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { importFileTypeOf } from "./read-import-file";
import { getImport } from "./list-imports";

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
