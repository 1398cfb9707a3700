import { Prisma } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/context";

/**
 * Per-workspace token metering: one TokenUsage row per workspace and calendar month (UTC), incremented after every
 * turn (all its model calls at once). SubAccount.monthlyTokenBudget (null: unlimited) stops model calls once the month's total reaches it.
 */
export const monthOf = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/**
 * Whether a workspace with this budget (null: unlimited, no query) has used it up this month. `unrecorded`: tokens
 * already spent by the caller that are not stored yet (a turn records its usage once, with its reply).
 */
export async function tokenBudgetExhausted(
  ctx: Pick<WorkspaceContext, "db">,
  budget: number | null,
  unrecorded = 0,
  now = new Date(),
): Promise<boolean> {
  if (budget === null) return false;
  const usage = await ctx.db.tokenUsage.findFirst({ where: { month: monthOf(now) }, select: { promptTokens: true, completionTokens: true } });
  return (usage?.promptTokens ?? 0) + (usage?.completionTokens ?? 0) + unrecorded >= budget;
}

/**
 * The month's increment as one atomic upsert (concurrent turns of a workspace never lose one), as a statement that
 * can also stand in a data-modifying CTE.
 */
export function tokenUsageUpsert(ws: Prisma.Sql, promptTokens: number, completionTokens: number, now = new Date()): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "TokenUsage" ("subAccountId", "month", "promptTokens", "completionTokens", "updatedAt")
    VALUES (${ws}, ${monthOf(now).toISOString().slice(0, 10)}::date, ${promptTokens}, ${completionTokens}, ${now}::timestamp)
    ON CONFLICT ("subAccountId", "month") DO UPDATE SET
      "promptTokens" = "TokenUsage"."promptTokens" + EXCLUDED."promptTokens",
      "completionTokens" = "TokenUsage"."completionTokens" + EXCLUDED."completionTokens",
      "updatedAt" = EXCLUDED."updatedAt"`;
}

export async function recordTokenUsage(ctx: Pick<WorkspaceContext, "db">, promptTokens: number, completionTokens: number, now = new Date()) {
  if (promptTokens === 0 && completionTokens === 0) return;
  await ctx.db.$queryWorkspace((ws) => tokenUsageUpsert(ws, promptTokens, completionTokens, now));
}
