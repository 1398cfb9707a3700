import type { WorkspaceContext } from "@/server/context";

export type PromptTemplateSource = "strategy" | "workspace" | "platformDefault";

const templateFields = { id: true, name: true, baseSystemPrompt: true, temperature: true, maxTokens: true } as const;

/**
 * The template a strategy's conversations use: its own, else the workspace's active one, else the platform
 * default (the newest template marked isDefault). null when none of these exists.
 */
export async function effectivePromptTemplate(ctx: Pick<WorkspaceContext, "db">, strategyTemplateId: number | null) {
  if (strategyTemplateId !== null) {
    const own = await ctx.db.promptTemplate.findUnique({ where: { id: strategyTemplateId }, select: templateFields });
    if (own) return { ...own, source: "strategy" as PromptTemplateSource };
  }
  const workspace = await ctx.db.subAccount.findFirst({
    select: { activePromptTemplate: { select: templateFields } },
  });
  if (workspace?.activePromptTemplate) return { ...workspace.activePromptTemplate, source: "workspace" as PromptTemplateSource };
  const platformDefault = await ctx.db.promptTemplate.findFirst({ where: { isDefault: true }, orderBy: { id: "desc" }, select: templateFields });
  return platformDefault ? { ...platformDefault, source: "platformDefault" as PromptTemplateSource } : null;
}
