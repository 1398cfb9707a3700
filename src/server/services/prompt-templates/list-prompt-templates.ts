import type { z } from "zod";
import type { listPromptTemplatesSchema } from "@/schemas/prompt-templates";
import { unsafeDb } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/context";
import { found, listArgs, page } from "./template-records";

export async function listPromptTemplates(input: z.infer<typeof listPromptTemplatesSchema>) {
  return page(await unsafeDb.promptTemplate.findMany(listArgs(input)), input.limit);
}

export async function getPromptTemplate(input: { id: number }) {
  return found(await unsafeDb.promptTemplate.findUnique({ where: { id: input.id } }));
}

/** The catalogue as a workspace member reads it. */
export async function listCatalogue(ctx: WorkspaceContext, input: z.infer<typeof listPromptTemplatesSchema>) {
  return page(await ctx.db.promptTemplate.findMany(listArgs(input)), input.limit);
}

export async function getCatalogueTemplate(ctx: WorkspaceContext, input: { id: number }) {
  return found(await ctx.db.promptTemplate.findUnique({ where: { id: input.id } }));
}
