import { getEnv } from "@/env";
import type { WorkspaceContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { monthOf, utcTimestamp } from "@/server/agents/token-usage";
import { queueNotificationEmail } from "@/server/services/notifications/queue-notification-email";

/** The budget thresholds that send an email, each once per month. */
export const BUDGET_ALERT_THRESHOLDS = [80, 100] as const;
export type BudgetThreshold = (typeof BUDGET_ALERT_THRESHOLDS)[number];

/**
 * After usage is recorded: when the month's tokens crossed 80% or 100% of the budget and that alert was not sent this
 * month, marks it sent (one conditional UPDATE on the month's row, locked: two turns crossing together send it once)
 * and emails every active admin of the workspace a budget_alert notification (idempotent per month, threshold and
 * admin). Returns the thresholds alerted now.
 */
export async function sendBudgetAlerts(ctx: WorkspaceContext, budget: number | null, now = new Date()): Promise<BudgetThreshold[]> {
  if (budget === null || budget <= 0) return [];
  const month = monthOf(now).toISOString().slice(0, 10);
  const [row] = await ctx.db.$queryWorkspace<{ sent80: boolean; sent100: boolean; used: string }>(
    (ws) => Prisma.sql`
      WITH current AS (
        SELECT id, "promptTokens"::bigint + "completionTokens" AS used, "alert80SentAt" IS NULL AS need80, "alert100SentAt" IS NULL AS need100
          FROM "TokenUsage" WHERE "subAccountId" = ${ws} AND month = ${month}::date
           FOR UPDATE
      ), due AS (
        SELECT id, used, need80 AND used * 5 >= ${budget}::bigint * 4 AS sent80, need100 AND used >= ${budget}::bigint AS sent100 FROM current
      )
      UPDATE "TokenUsage" t SET
        "alert80SentAt" = CASE WHEN due.sent80 THEN ${utcTimestamp(now)}::timestamp ELSE t."alert80SentAt" END,
        "alert100SentAt" = CASE WHEN due.sent100 THEN ${utcTimestamp(now)}::timestamp ELSE t."alert100SentAt" END
        FROM due
       WHERE t.id = due.id AND t."subAccountId" = ${ws} AND (due.sent80 OR due.sent100)
      RETURNING due.sent80, due.sent100, due.used::text AS used`,
  );
  if (!row) return [];
  const alerted = BUDGET_ALERT_THRESHOLDS.filter((t) => (t === 80 ? row.sent80 : row.sent100));
  const admins = await ctx.db.user.findMany({ where: { role: "admin", isActive: true }, select: { id: true }, orderBy: { id: "asc" } });
  const used = Number(row.used);
  const monthName = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(monthOf(now));
  for (const threshold of alerted) {
    const subject = threshold === 100
      ? `${ctx.workspace.name}: the AI token budget for ${monthName} is used up`
      : `${ctx.workspace.name}: 80% of the AI token budget for ${monthName} is used`;
    const text = [
      `${ctx.workspace.name} has used ${used.toLocaleString("en-US")} of its ${budget.toLocaleString("en-US")} AI tokens for ${monthName} (${Math.floor((used * 100) / budget)}%).`,
      threshold === 100
        ? "The AI receptionist no longer answers until the month ends or the budget is raised: new messages wait for a person in the inbox."
        : "When the budget is used up, the AI receptionist stops answering and new messages wait for a person.",
      `See the usage: ${getEnv().APP_URL}/usage`,
      "A platform admin can change the budget.",
    ].join("\n\n");
    for (const admin of admins) {
      try {
        await queueNotificationEmail(ctx, {
          kind: "budget_alert",
          to: { userId: admin.id },
          subject: subject.slice(0, 200),
          text,
          idempotencyKey: `budget-alert:${month}:${threshold}:${admin.id}`,
        });
      } catch (e) {
        // The alert is marked sent; a missing email is logged, never a failed turn.
        ctx.log.error({ err: { message: (e as Error).message }, threshold }, "budget alert not queued");
      }
    }
  }
  return alerted;
}
