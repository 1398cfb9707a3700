import { Prisma } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/context";

/**
 * Per-workspace token metering: one TokenUsage row per workspace and calendar month (UTC), incremented after every
 * model call. SubAccount.monthlyTokenBudget (null: unlimited) stops model calls once the month's total reaches it.
 */
export const monthOf = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/** Whether a workspace with this budget (null: unlimited, no query) has used it up this month. */
export async function tokenBudgetExhausted(ctx: Pick<WorkspaceContext, "db">, budget: number | null, now = new Date()): Promise<boolean> {
  if (budget === null) return false;
  const usage = await ctx.db.tokenUsage.findFirst({ where: { month: monthOf(now) }, select: { promptTokens: true, completionTokens: true } });
  return (usage?.promptTokens ?? 0) + (usage?.completionTokens ?? 0) >= budget;
}

/** One atomic upsert, so concurrent turns of a workspace never lose an increment. */
export async function recordTokenUsage(ctx: Pick<WorkspaceContext, "db">, promptTokens: number, completionTokens: number, now = new Date()) {
  if (promptTokens === 0 && completionTokens === 0) return;
  await ctx.db.$queryWorkspace(
    (ws) => Prisma.sql`
      INSERT INTO "TokenUsage" ("subAccountId", "month", "promptTokens", "completionTokens", "updatedAt")
      VALUES (${ws}, ${monthOf(now).toISOString().slice(0, 10)}::date, ${promptTokens}, ${completionTokens}, ${now}::timestamp)
      ON CONFLICT ("subAccountId", "month") DO UPDATE SET
        "promptTokens" = "TokenUsage"."promptTokens" + EXCLUDED."promptTokens",
        "completionTokens" = "TokenUsage"."completionTokens" + EXCLUDED."completionTokens",
        "updatedAt" = EXCLUDED."updatedAt"`,
  );
}
