import {
  createMessageTemplateSchema,
  messageTemplateIdSchema,
  renderMessageTemplateSchema,
  updateMessageTemplateSchema,
} from "@/schemas/message-templates";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import {
  createMessageTemplate,
  deleteMessageTemplate,
  listMessageTemplates,
  renderMessageTemplate,
  updateMessageTemplate,
} from "@/server/services/message-templates/manage-message-templates";

export const messageTemplatesRouter = createTRPCRouter({
  list: workspaceProcedure.query(({ ctx }) => listMessageTemplates(ctx)),
  render: workspaceProcedure.input(renderMessageTemplateSchema).query(({ ctx, input }) => renderMessageTemplate(ctx, input)),
  create: managerProcedure.input(createMessageTemplateSchema).mutation(({ ctx, input }) => createMessageTemplate(ctx, input)),
  update: managerProcedure.input(updateMessageTemplateSchema).mutation(({ ctx, input }) => updateMessageTemplate(ctx, input)),
  delete: managerProcedure.input(messageTemplateIdSchema).mutation(({ ctx, input }) => deleteMessageTemplate(ctx, input)),
});
