import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type {
  CreatePromptTemplateInput,
  UpdatePromptTemplateInput,
  listPromptTemplatesSchema,
} from "@/schemas/prompt-templates";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext, WorkspaceContext } from "@/server/context";
import { recordAudit } from "@/server/services/audit/record-audit";
import { containsText } from "@/server/db/text-search";
import { invalidateAllAgentConfigs, invalidateWorkspaceAgentConfigs } from "@/server/agents/agent-config";
import { isForeignKeyViolation, isRecordNotFound } from "@/server/db/errors";

/**
 * The prompt template catalogue is platform-wide (no workspace): platform admins write it through unsafeDb;
 * workspaces read it through their tenant client, which keeps it read-only.
 */
const summaryFields = {
  id: true,
  name: true,
  description: true,
  category: true,
  tags: true,
  isDefault: true,
  temperature: true,
  maxTokens: true,
  updatedAt: true,
} as const;

function listArgs(input: z.infer<typeof listPromptTemplatesSchema>) {
  const where: Prisma.PromptTemplateWhereInput = {
    ...(input.category ? { category: input.category } : {}),
    ...(input.search
      ? {
          OR: [
            { name: containsText(input.search) },
            { description: containsText(input.search) },
            { tags: { has: input.search } },
          ],
        }
      : {}),
    ...(input.cursor ? { id: { lt: input.cursor } } : {}),
  };
  return { where, orderBy: { id: "desc" as const }, take: input.limit + 1, select: summaryFields };
}

function page<T extends { id: number }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

function found<T>(template: T | null): T {
  if (!template) throw new AppError("NOT_FOUND", "No such prompt template.");
  return template;
}

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
