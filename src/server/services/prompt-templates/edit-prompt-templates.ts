import type { Prisma } from "@/generated/prisma/client";
import type { CreatePromptTemplateInput, UpdatePromptTemplateInput } from "@/schemas/prompt-templates";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext } from "@/server/context";
import { recordAudit } from "@/server/services/audit/record-audit";
import { invalidateAllAgentConfigs } from "@/server/agents/agent-config";
import { isForeignKeyViolation } from "@/server/db/errors";
import { getPromptTemplate } from "./list-prompt-templates";

function adminId(ctx: AuthedContext) {
  return ctx.account.kind === "admin" ? ctx.account.id : null;
}

/** Runs `write` with at most one template marked as the platform default, serialised by an advisory lock. */
async function withSingleDefault<T>(makeDefault: boolean, write: (tx: Prisma.TransactionClient) => Promise<T & { id: number }>) {
  return unsafeDb.$transaction(async (tx) => {
    if (makeDefault) await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('loctelli:prompt-template-default'))`;
    const row = await write(tx);
    if (makeDefault) await tx.promptTemplate.updateMany({ where: { isDefault: true, id: { not: row.id } }, data: { isDefault: false } });
    return row;
  });
}

export async function createPromptTemplate(ctx: AuthedContext, input: CreatePromptTemplateInput) {
  const template = await withSingleDefault(input.isDefault, (tx) =>
    tx.promptTemplate.create({ data: { ...input, createdByAdminId: adminId(ctx) } }),
  );
  // A new platform default changes the template of every workspace without one of its own.
  if (template.isDefault) await invalidateAllAgentConfigs();
  await recordAudit(ctx, { action: "prompt_template.created", actor: ctx.account, targetType: "PromptTemplate", targetId: template.id, changes: { name: template.name } });
  return template;
}

export async function updatePromptTemplate(ctx: AuthedContext, input: UpdatePromptTemplateInput) {
  const { id, ...changes } = input;
  await getPromptTemplate({ id });
  const template = await withSingleDefault(changes.isDefault === true, (tx) => tx.promptTemplate.update({ where: { id }, data: changes }));
  await invalidateAllAgentConfigs();
  await recordAudit(ctx, { action: "prompt_template.updated", actor: ctx.account, targetType: "PromptTemplate", targetId: id, changes: { fields: Object.keys(changes) } });
  return template;
}

function usageMessage(strategies: number, workspaces: number) {
  const parts = [
    strategies ? `${strategies} strateg${strategies === 1 ? "y uses" : "ies use"} it` : null,
    workspaces ? `${workspaces} workspace${workspaces === 1 ? " has" : "s have"} it active` : null,
  ].filter(Boolean);
  return `This template is in use: ${parts.join(" and ")}. Move them to another template first.`;
}

/** Refused while any strategy or workspace uses the template; the Restrict foreign keys back this up under races. */
export async function deletePromptTemplate(ctx: AuthedContext, input: { id: number }) {
  const template = await getPromptTemplate(input);
  const [strategies, workspaces] = await Promise.all([
    unsafeDb.strategy.count({ where: { promptTemplateId: input.id } }),
    unsafeDb.subAccount.count({ where: { activePromptTemplateId: input.id } }),
  ]);
  if (strategies || workspaces) throw new AppError("PRECONDITION_FAILED", usageMessage(strategies, workspaces));
  try {
    await unsafeDb.promptTemplate.delete({ where: { id: input.id } });
    await invalidateAllAgentConfigs();
  } catch (e) {
    if (isForeignKeyViolation(e)) {
      throw new AppError("PRECONDITION_FAILED", "This template was just put to use elsewhere. Move its users to another template first.");
    }
    throw e;
  }
  await recordAudit(ctx, { action: "prompt_template.deleted", actor: ctx.account, targetType: "PromptTemplate", targetId: input.id, changes: { name: template.name } });
  return { id: input.id };
}
