import type { z } from "zod";
import { renderMergeFields } from "@/lib/merge-fields";
import type {
  createMessageTemplateSchema,
  messageTemplateIdSchema,
  renderMessageTemplateSchema,
  updateMessageTemplateSchema,
} from "@/schemas/message-templates";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { loadMergeValues } from "./merge-values";

const templateFields = { id: true, name: true, body: true, createdAt: true, updatedAt: true } as const;

const nameTaken = () => AppError.field("name", "Another template already has this name.");

export function listMessageTemplates(ctx: WorkspaceContext) {
  return ctx.db.messageTemplate.findMany({ select: templateFields, orderBy: [{ name: "asc" }, { id: "asc" }], take: 500 });
}

export async function createMessageTemplate(ctx: WorkspaceContext, input: z.output<typeof createMessageTemplateSchema>) {
  try {
    return await ctx.db.messageTemplate.create({ data: { subAccountId: ctx.workspace.id, name: input.name, body: input.body }, select: templateFields });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}

export async function updateMessageTemplate(ctx: WorkspaceContext, input: z.output<typeof updateMessageTemplateSchema>) {
  const existing = await ctx.db.messageTemplate.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!existing) throw new AppError("NOT_FOUND", "No such template in this workspace.");
  try {
    return await ctx.db.messageTemplate.update({ where: { id: input.id }, data: { name: input.name, body: input.body }, select: templateFields });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}

export async function deleteMessageTemplate(ctx: WorkspaceContext, input: z.output<typeof messageTemplateIdSchema>) {
  const { count } = await ctx.db.messageTemplate.deleteMany({ where: { id: input.id } });
  if (count === 0) throw new AppError("NOT_FOUND", "No such template in this workspace.");
  return { id: input.id };
}

/** The template's text for one lead, merge fields filled in, for the compose box to edit before sending. */
export async function renderMessageTemplate(ctx: WorkspaceContext, input: z.output<typeof renderMessageTemplateSchema>) {
  const template = await ctx.db.messageTemplate.findUnique({ where: { id: input.id }, select: { body: true } });
  if (!template) throw new AppError("NOT_FOUND", "No such template in this workspace.");
  const values = (await loadMergeValues(ctx, [input.leadId])).get(input.leadId);
  if (!values) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  return { body: renderMergeFields(template.body, values) };
}
