import type { Prisma } from "@/generated/prisma/client";
import type { z } from "zod";
import type {
  CreateStrategyInput,
  UpdateStrategyInput,
  listStrategiesSchema,
  strategyVersionsSchema,
} from "@/schemas/strategies";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { effectivePromptTemplate } from "@/server/services/prompt-templates/effective-template";
import { containsText } from "@/server/db/text-search";
import { invalidateWorkspaceAgentConfigs } from "@/server/agents/agent-config";
import { assertEvaluationAllowsActivation } from "@/server/services/evaluations/manage-evaluation-cases";

/** The fields a version snapshots: everything a conversation's behaviour depends on. */
const SNAPSHOT_FIELDS = [
  "name",
  "description",
  "tag",
  "industryContext",
  "aiName",
  "aiRole",
  "companyBackground",
  "conversationTone",
  "communicationStyle",
  "qualificationQuestions",
  "disqualificationRules",
  "objectionHandling",
  "closingStrategy",
  "bookingInstructions",
  "outputGuidelines",
  "prohibitedBehaviors",
  "delayMin",
  "delayMax",
  "promptTemplateId",
] as const;

type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];
type StrategyRow = Prisma.StrategyGetPayload<object>;

function snapshotOf(strategy: Pick<StrategyRow, SnapshotField>): Prisma.InputJsonObject {
  return Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, strategy[f] ?? null]));
}

function createdBy(ctx: WorkspaceContext) {
  return ctx.account?.kind === "user" ? ctx.account.id : null;
}

async function findStrategy(ctx: WorkspaceContext, id: number) {
  const strategy = await ctx.db.strategy.findUnique({ where: { id } });
  if (!strategy) throw new AppError("NOT_FOUND", "No such strategy in this workspace.");
  return strategy;
}

async function checkPromptTemplate(ctx: WorkspaceContext, promptTemplateId: number | null | undefined) {
  if (promptTemplateId == null) return;
  const exists = await ctx.db.promptTemplate.count({ where: { id: promptTemplateId } });
  if (!exists) throw AppError.field("promptTemplateId", "No such prompt template.");
}

function checkDelays(delayMin: number, delayMax: number) {
  if (delayMin > delayMax) throw AppError.field("delayMax", "The maximum delay must be at least the minimum delay");
}

export async function listStrategies(ctx: WorkspaceContext, input: z.infer<typeof listStrategiesSchema>) {
  const rows = await ctx.db.strategy.findMany({
    where: {
      ...(input.isActive === undefined ? {} : { isActive: input.isActive }),
      ...(input.search
        ? {
            OR: [
              { name: containsText(input.search) },
              { description: containsText(input.search) },
              { tag: containsText(input.search) },
            ],
          }
        : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      name: true,
      description: true,
      tag: true,
      isActive: true,
      currentVersion: true,
      promptTemplateId: true,
      updatedAt: true,
      _count: { select: { leads: true } },
    },
  });
  const items = rows.slice(0, input.limit).map(({ _count, ...s }) => ({ ...s, leadCount: _count.leads }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getStrategy(ctx: WorkspaceContext, input: { id: number }) {
  const strategy = await findStrategy(ctx, input.id);
  return { ...strategy, effectivePromptTemplate: await effectivePromptTemplate(ctx, strategy.promptTemplateId) };
}

export async function createStrategy(ctx: WorkspaceContext, input: CreateStrategyInput) {
  checkDelays(input.delayMin, input.delayMax);
  await checkPromptTemplate(ctx, input.promptTemplateId);
  const strategy = await ctx.db.$transaction(async (tx) => {
    const created = await tx.strategy.create({
      data: { ...input, subAccountId: ctx.workspace.id, currentVersion: 1, createdByUserId: createdBy(ctx) },
    });
    await tx.strategyVersion.create({
      data: { subAccountId: ctx.workspace.id, strategyId: created.id, version: 1, snapshot: snapshotOf(created), createdByUserId: createdBy(ctx) },
    });
    return created;
  });
  await auditInWorkspace(ctx, { action: "strategy.created", targetType: "Strategy", targetId: strategy.id, changes: { name: strategy.name } });
  return strategy;
}

/** Every edit writes the next immutable version in the same transaction; the row lock orders concurrent edits. */
export async function updateStrategy(ctx: WorkspaceContext, input: UpdateStrategyInput) {
  const { id, ...changes } = input;
  const before = await findStrategy(ctx, id);
  checkDelays(changes.delayMin ?? before.delayMin, changes.delayMax ?? before.delayMax);
  await checkPromptTemplate(ctx, changes.promptTemplateId);
  const strategy = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.strategy.update({ where: { id }, data: { ...changes, currentVersion: { increment: 1 } } });
    // Checked again under the row lock: a concurrent edit may have changed the other bound.
    checkDelays(updated.delayMin, updated.delayMax);
    await tx.strategyVersion.create({
      data: {
        subAccountId: ctx.workspace.id,
        strategyId: id,
        version: updated.currentVersion,
        snapshot: snapshotOf(updated),
        createdByUserId: createdBy(ctx),
      },
    });
    return updated;
  });
  await invalidateWorkspaceAgentConfigs(ctx.workspace.id);
  await auditInWorkspace(ctx, {
    action: "strategy.updated",
    targetType: "Strategy",
    targetId: id,
    changes: { version: strategy.currentVersion, fields: Object.keys(changes) },
  });
  return strategy;
}

export async function duplicateStrategy(ctx: WorkspaceContext, input: { id: number }) {
  const source = await findStrategy(ctx, input.id);
  const fields = snapshotOf(source) as unknown as Pick<StrategyRow, SnapshotField>;
  const copyName = `${source.name} (Copy)`.slice(0, 120);
  const copy = await createStrategy(ctx, { ...fields, name: copyName });
  if (!source.isActive) await ctx.db.strategy.update({ where: { id: copy.id }, data: { isActive: false } });
  return { ...copy, isActive: source.isActive };
}

export async function setStrategyActive(ctx: WorkspaceContext, input: { id: number }, isActive: boolean) {
  await findStrategy(ctx, input.id);
  if (isActive) await assertEvaluationAllowsActivation(ctx, input.id);
  const strategy = await ctx.db.strategy.update({ where: { id: input.id }, data: { isActive } });
  await invalidateWorkspaceAgentConfigs(ctx.workspace.id);
  await auditInWorkspace(ctx, { action: isActive ? "strategy.activated" : "strategy.deactivated", targetType: "Strategy", targetId: input.id });
  return strategy;
}

/** Leads that used the strategy keep existing with no strategy (the composite foreign key sets only strategyId null). */
export async function deleteStrategy(ctx: WorkspaceContext, input: { id: number }) {
  const strategy = await findStrategy(ctx, input.id);
  const leadsDetached = await ctx.db.lead.count({ where: { strategyId: input.id } });
  await ctx.db.strategy.delete({ where: { id: input.id } });
  await invalidateWorkspaceAgentConfigs(ctx.workspace.id);
  await auditInWorkspace(ctx, { action: "strategy.deleted", targetType: "Strategy", targetId: input.id, changes: { name: strategy.name, leadsDetached } });
  return { id: input.id, leadsDetached };
}

export async function listStrategyVersions(ctx: WorkspaceContext, input: z.infer<typeof strategyVersionsSchema>) {
  const strategy = await findStrategy(ctx, input.id);
  const rows = await ctx.db.strategyVersion.findMany({
    where: { strategyId: input.id, ...(input.cursor ? { id: { lt: input.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: { id: true, version: true, snapshot: true, createdByUserId: true, createdAt: true },
  });
  const items = rows.slice(0, input.limit).map((v) => ({ ...v, isCurrent: v.version === strategy.currentVersion }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
