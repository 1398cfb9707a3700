import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext, WorkspaceContext } from "@/server/context";
import { recordAudit } from "@/server/services/audit/record-audit";
import { invalidateWorkspaceAgentConfigs } from "@/server/agents/agent-config";
import { isForeignKeyViolation, isRecordNotFound } from "@/server/db/errors";
import { summaryFields } from "./template-records";
import { getPromptTemplate } from "./list-prompt-templates";

/**
 * A workspace's active template is one column (SubAccount.activePromptTemplateId): at most one by construction,
 * switched by a single UPDATE, so concurrent activations leave exactly the last writer's choice.
 */
async function unsafeSwitchActiveTemplate(subAccountId: number, templateId: number | null) {
  if (templateId !== null) await getPromptTemplate({ id: templateId });
  try {
    const switched = await unsafeDb.subAccount.update({
      where: { id: subAccountId },
      data: { activePromptTemplateId: templateId },
      select: { id: true, activePromptTemplateId: true },
    });
    await invalidateWorkspaceAgentConfigs(subAccountId);
    return switched;
  } catch (e) {
    if (isRecordNotFound(e)) throw new AppError("NOT_FOUND", "No such workspace.");
    if (isForeignKeyViolation(e)) throw new AppError("NOT_FOUND", "No such prompt template.");
    throw e;
  }
}

export async function activatePromptTemplateForWorkspace(ctx: AuthedContext, input: { templateId: number | null; subAccountId: number }) {
  const result = await unsafeSwitchActiveTemplate(input.subAccountId, input.templateId);
  await recordAudit(ctx, {
    action: "prompt_template.activated",
    subAccountId: input.subAccountId,
    actor: ctx.account,
    targetType: "PromptTemplate",
    targetId: input.templateId ?? undefined,
  });
  return { subAccountId: result.id, activePromptTemplateId: result.activePromptTemplateId };
}

export async function activateWorkspaceTemplate(ctx: WorkspaceContext, input: { templateId: number | null }) {
  const result = await unsafeSwitchActiveTemplate(ctx.workspace.id, input.templateId);
  await recordAudit(ctx, {
    action: "prompt_template.activated",
    subAccountId: ctx.workspace.id,
    actor: ctx.account,
    actingAs: ctx.actingAsAdmin,
    targetType: "PromptTemplate",
    targetId: input.templateId ?? undefined,
  });
  return { subAccountId: result.id, activePromptTemplateId: result.activePromptTemplateId };
}

/** The workspace's active template and the platform default it falls back to. */
export async function getWorkspaceActiveTemplate(ctx: WorkspaceContext) {
  const [workspace, platformDefault] = await Promise.all([
    ctx.db.subAccount.findFirst({ select: { activePromptTemplate: { select: summaryFields } } }),
    ctx.db.promptTemplate.findFirst({ where: { isDefault: true }, orderBy: { id: "desc" }, select: summaryFields }),
  ]);
  return { active: workspace?.activePromptTemplate ?? null, platformDefault };
}
