import {
  createImportSchema,
  createImportUploadSchema,
  importIdSchema,
  listImportIssuesSchema,
  listImportsSchema,
  selectImportSheetSchema,
  startImportSchema,
} from "@/schemas/imports";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import { createImport, createImportUpload } from "@/server/services/imports/create-import";
import { downloadImportReport } from "@/server/services/imports/download-import-report";
import { getImport, listImportIssues, listImports } from "@/server/services/imports/list-imports";
import { resumeImport, selectImportSheet, startImport } from "@/server/services/imports/start-import";


export const importsRouter = createTRPCRouter({
  createUpload: managerProcedure.input(createImportUploadSchema).mutation(({ ctx, input }) => createImportUpload(ctx, input)),
  create: managerProcedure.input(createImportSchema).mutation(({ ctx, input }) => createImport(ctx, input)),
  selectSheet: managerProcedure.input(selectImportSheetSchema).mutation(({ ctx, input }) => selectImportSheet(ctx, input)),
  start: managerProcedure.input(startImportSchema).mutation(({ ctx, input }) => startImport(ctx, input)),
  resume: managerProcedure.input(importIdSchema).mutation(({ ctx, input }) => resumeImport(ctx, input)),
  list: workspaceProcedure.input(listImportsSchema).query(({ ctx, input }) => listImports(ctx, input)),
  get: workspaceProcedure.input(importIdSchema).query(({ ctx, input }) => getImport(ctx, input)),
  issues: workspaceProcedure.input(listImportIssuesSchema).query(({ ctx, input }) => listImportIssues(ctx, input)),
  downloadReport: workspaceProcedure.input(importIdSchema).mutation(({ ctx, input }) => downloadImportReport(ctx, input)),
});
