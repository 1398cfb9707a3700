import {
  activatePromptTemplateSchema,
  activateWorkspaceTemplateSchema,
  createPromptTemplateSchema,
  listPromptTemplatesSchema,
  promptTemplateIdSchema,
  updatePromptTemplateSchema,
} from "@/schemas/prompt-templates";
import { adminProcedure, createTRPCRouter, platformAdminProcedure, workspaceProcedure } from "@/server/api/trpc";
import { activatePromptTemplateForWorkspace, activateWorkspaceTemplate, getWorkspaceActiveTemplate } from "@/server/services/prompt-templates/activate-prompt-template";
import { createPromptTemplate, deletePromptTemplate, updatePromptTemplate } from "@/server/services/prompt-templates/edit-prompt-templates";
import { getCatalogueTemplate, getPromptTemplate, listCatalogue, listPromptTemplates } from "@/server/services/prompt-templates/list-prompt-templates";

/** The platform-wide catalogue, written by platform admins. */
export const promptTemplatesRouter = createTRPCRouter({
  list: platformAdminProcedure.input(listPromptTemplatesSchema).query(({ input }) => listPromptTemplates(input)),
  get: platformAdminProcedure.input(promptTemplateIdSchema).query(({ input }) => getPromptTemplate(input)),
  create: platformAdminProcedure.input(createPromptTemplateSchema).mutation(({ ctx, input }) => createPromptTemplate(ctx, input)),
  update: platformAdminProcedure.input(updatePromptTemplateSchema).mutation(({ ctx, input }) => updatePromptTemplate(ctx, input)),
  delete: platformAdminProcedure.input(promptTemplateIdSchema).mutation(({ ctx, input }) => deletePromptTemplate(ctx, input)),
  activate: platformAdminProcedure.input(activatePromptTemplateSchema).mutation(({ ctx, input }) => activatePromptTemplateForWorkspace(ctx, input)),
});

/** The catalogue as a workspace sees it (read-only), and the workspace's own active template. */
export const workspaceTemplateRouter = createTRPCRouter({
  list: workspaceProcedure.input(listPromptTemplatesSchema).query(({ ctx, input }) => listCatalogue(ctx, input)),
  get: workspaceProcedure.input(promptTemplateIdSchema).query(({ ctx, input }) => getCatalogueTemplate(ctx, input)),
  active: workspaceProcedure.query(({ ctx }) => getWorkspaceActiveTemplate(ctx)),
  activate: adminProcedure.input(activateWorkspaceTemplateSchema).mutation(({ ctx, input }) => activateWorkspaceTemplate(ctx, input)),
});
