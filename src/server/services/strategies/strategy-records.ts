import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";

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

export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

export type StrategyRow = Prisma.StrategyGetPayload<object>;

export function snapshotOf(strategy: Pick<StrategyRow, SnapshotField>): Prisma.InputJsonObject {
  return Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, strategy[f] ?? null]));
}

export function createdBy(ctx: WorkspaceContext) {
  return ctx.account?.kind === "user" ? ctx.account.id : null;
}

export async function findStrategy(ctx: WorkspaceContext, id: number) {
  const strategy = await ctx.db.strategy.findUnique({ where: { id } });
  if (!strategy) throw new AppError("NOT_FOUND", "No such strategy in this workspace.");
  return strategy;
}

export async function checkPromptTemplate(ctx: WorkspaceContext, promptTemplateId: number | null | undefined) {
  if (promptTemplateId == null) return;
  const exists = await ctx.db.promptTemplate.count({ where: { id: promptTemplateId } });
  if (!exists) throw AppError.field("promptTemplateId", "No such prompt template.");
}

export function checkDelays(delayMin: number, delayMax: number) {
  if (delayMin > delayMax) throw AppError.field("delayMax", "The maximum delay must be at least the minimum delay");
}
