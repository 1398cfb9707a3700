import { createExportSchema, exportIdSchema, listExportsSchema } from "@/schemas/exports";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import { createExport, downloadExport, getExport, listExports } from "@/server/services/exports/manage-exports";

export const exportsRouter = createTRPCRouter({
  create: managerProcedure.input(createExportSchema).mutation(({ ctx, input }) => createExport(ctx, input)),
  list: workspaceProcedure.input(listExportsSchema).query(({ ctx, input }) => listExports(ctx, input)),
  get: workspaceProcedure.input(exportIdSchema).query(({ ctx, input }) => getExport(ctx, input)),
  download: workspaceProcedure.input(exportIdSchema).mutation(({ ctx, input }) => downloadExport(ctx, input)),
});
