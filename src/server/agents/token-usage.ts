import { unsafeDb } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/context";

/**
 * Per-workspace token metering: one TokenUsage row per workspace and calendar month (UTC), incremented after every
 * model call. SubAccount.monthlyTokenBudget (null: unlimited) stops model calls once the month's total reaches it.
 */
export const monthOf = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

export async function tokenBudgetState(ctx: Pick<WorkspaceContext, "db">, now = new Date()) {
  const [workspace, usage] = await Promise.all([
    ctx.db.subAccount.findFirst({ select: { monthlyTokenBudget: true } }),
    ctx.db.tokenUsage.findFirst({ where: { month: monthOf(now) }, select: { promptTokens: true, completionTokens: true } }),
  ]);
  const used = (usage?.promptTokens ?? 0) + (usage?.completionTokens ?? 0);
  const budget = workspace?.monthlyTokenBudget ?? null;
  return { budget, used, exhausted: budget !== null && used >= budget };
}

/** One atomic upsert, so concurrent turns of a workspace never lose an increment. */
export async function recordTokenUsage(subAccountId: number, promptTokens: number, completionTokens: number, now = new Date()) {
  if (promptTokens === 0 && completionTokens === 0) return;
  await unsafeDb.$executeRaw`
    INSERT INTO "TokenUsage" ("subAccountId", "month", "promptTokens", "completionTokens", "updatedAt")
    VALUES (${subAccountId}, ${monthOf(now)}::date, ${promptTokens}, ${completionTokens}, now())
    ON CONFLICT ("subAccountId", "month") DO UPDATE SET
      "promptTokens" = "TokenUsage"."promptTokens" + EXCLUDED."promptTokens",
      "completionTokens" = "TokenUsage"."completionTokens" + EXCLUDED."completionTokens",
      "updatedAt" = now()`;
}
