import {
  createLeadSelectionSchema,
  leadSelectionIdSchema,
  renameLeadSelectionSchema,
  updateLeadSelectionFiltersSchema,
} from "@/schemas/lead-selections";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import {
  createLeadSelection,
  deleteLeadSelection,
  listLeadSelections,
  renameLeadSelection,
  updateLeadSelectionFilters,
} from "@/server/services/lead-selections/manage-lead-selections";

// Roles as on the leads router: every member reads and saves; deleting is for the creator or an admin (the service checks).
export const leadSelectionsRouter = createTRPCRouter({
  list: workspaceProcedure.query(({ ctx }) => listLeadSelections(ctx)),
  create: workspaceProcedure.input(createLeadSelectionSchema).mutation(({ ctx, input }) => createLeadSelection(ctx, input)),
  rename: workspaceProcedure.input(renameLeadSelectionSchema).mutation(({ ctx, input }) => renameLeadSelection(ctx, input)),
  updateFilters: workspaceProcedure.input(updateLeadSelectionFiltersSchema).mutation(({ ctx, input }) => updateLeadSelectionFilters(ctx, input)),
  delete: workspaceProcedure.input(leadSelectionIdSchema).mutation(({ ctx, input }) => deleteLeadSelection(ctx, input)),
});
