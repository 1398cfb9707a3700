import { createFormSchema, formAnalyticsSchema, formIdSchema, listFormsSchema, listFormSubmissionsSchema, updateFormDraftSchema } from "@/schemas/forms";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import { formUploadUrl } from "@/server/services/forms/form-uploads";
import { formAnalytics } from "@/server/services/forms/form-analytics";
import { listFormSubmissions } from "@/server/services/forms/list-submissions";
import { createForm, getForm, listForms, publishForm, setFormArchived, updateFormDraft } from "@/server/services/forms/manage-forms";

export const formsRouter = createTRPCRouter({
  list: workspaceProcedure.input(listFormsSchema).query(({ ctx, input }) => listForms(ctx, input)),
  get: workspaceProcedure.input(formIdSchema).query(({ ctx, input }) => getForm(ctx, input)),
  create: managerProcedure.input(createFormSchema).mutation(({ ctx, input }) => createForm(ctx, input)),
  updateDraft: managerProcedure.input(updateFormDraftSchema).mutation(({ ctx, input }) => updateFormDraft(ctx, input)),
  publish: managerProcedure.input(formIdSchema).mutation(({ ctx, input }) => publishForm(ctx, input)),
  archive: managerProcedure.input(formIdSchema).mutation(({ ctx, input }) => setFormArchived(ctx, input, true)),
  restore: managerProcedure.input(formIdSchema).mutation(({ ctx, input }) => setFormArchived(ctx, input, false)),
  /** A signed link (15 minutes) to a file a visitor uploaded with a submission: members of the workspace only. */
  uploadUrl: workspaceProcedure.input(formIdSchema).query(({ ctx, input }) => formUploadUrl(ctx, input)),
  submissions: workspaceProcedure.input(listFormSubmissionsSchema).query(({ ctx, input }) => listFormSubmissions(ctx, input)),
  analytics: workspaceProcedure.input(formAnalyticsSchema).query(({ ctx, input }) => formAnalytics(ctx, input)),
});
