import { randomUUID } from "node:crypto";
import { Prisma } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/context";
import { LEAD_LOCK_TTL_MS } from "./lead-lock";

/**
 * Per-workspace token metering and the monthly budget.
 *
 * - TokenUsage: one row per workspace and calendar month (UTC), the month's totals (the budget is checked against them).
 * - ModelUsageHourly: the same tokens per UTC hour and model, with the number of turns (the usage page).
 * - TokenReservation: what a turn in flight holds against the budget. A turn starts only when
 *   used + reserved < budget (one conditional UPDATE, so concurrent turns of a workspace are admitted one after another);
 *   it reserves the largest turn of the month (at least DEFAULT_TURN_RESERVATION). So every admitted turn but the last
 *   fits in the budget: the month ends at most one turn over it, however many turns run at once.
 *   The turn's usage is added and its reservation released in one statement; a reservation whose worker died expires.
 *
 * SubAccount.monthlyTokenBudget null means unlimited: no reservation, no query before the turn.
 */
export const monthOf = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const monthKey = (now: Date) => monthOf(now).toISOString().slice(0, 10);
/** A UTC instant as PostgreSQL `timestamp` text (the schema's DateTime columns hold UTC without a zone). */
export const utcTimestamp = (d: Date) => d.toISOString().slice(0, 23);
const hourOf = (now: Date) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);

/** What a turn reserves before the month has a turn to measure (tokens). */
export const DEFAULT_TURN_RESERVATION = 2_000;
/** A reservation outlives the longest turn (the lead lock's TTL); past it the worker is taken to be gone. */
export const RESERVATION_TTL_MS = LEAD_LOCK_TTL_MS;

export type TurnAdmission = { admitted: false } | { admitted: true; reservation: string | null };

/**
 * Admits a turn under the workspace's budget (null: unlimited) and reserves its share, or refuses it when the month's
 * usage plus the reservations of turns in flight already reach the budget.
 */
export async function reserveTurnBudget(ctx: Pick<WorkspaceContext, "db">, budget: number | null, now = new Date()): Promise<TurnAdmission> {
  if (budget === null) return { admitted: true, reservation: null };
  const month = monthKey(now);
  const at = utcTimestamp(now);
  // Reservations of turns whose worker died are released first.
  await ctx.db.$queryWorkspace(
    (ws) => Prisma.sql`
      WITH gone AS (
        DELETE FROM "TokenReservation" WHERE "subAccountId" = ${ws} AND "expiresAt" < ${at}::timestamp RETURNING month, tokens
      ), per_month AS (SELECT month, sum(tokens)::int AS tokens FROM gone GROUP BY month)
      UPDATE "TokenUsage" u SET "reservedTokens" = GREATEST(u."reservedTokens" - per_month.tokens, 0)
        FROM per_month WHERE u."subAccountId" = ${ws} AND u.month = per_month.month`,
  );
  await ctx.db.$queryWorkspace(
    (ws) => Prisma.sql`
      INSERT INTO "TokenUsage" ("subAccountId", month, "promptTokens", "completionTokens", "updatedAt")
      VALUES (${ws}, ${month}::date, 0, 0, ${at}::timestamp)
      ON CONFLICT ("subAccountId", month) DO NOTHING`,
  );
  const turnKey = randomUUID();
  const expiresAt = utcTimestamp(new Date(now.getTime() + RESERVATION_TTL_MS));
  // One UPDATE: concurrent admissions wait for each other's row lock and re-check the condition on the newest row.
  const rows = await ctx.db.$queryWorkspace<{ tokens: number }>(
    (ws) => Prisma.sql`
      WITH admitted AS (
        UPDATE "TokenUsage" SET "reservedTokens" = "reservedTokens" + GREATEST("maxTurnTokens", ${DEFAULT_TURN_RESERVATION})
         WHERE "subAccountId" = ${ws} AND month = ${month}::date
           AND "promptTokens"::bigint + "completionTokens" + "reservedTokens" < ${budget}
        RETURNING GREATEST("maxTurnTokens", ${DEFAULT_TURN_RESERVATION}) AS tokens
      )
      INSERT INTO "TokenReservation" ("subAccountId", "turnKey", month, tokens, "expiresAt")
      SELECT ${ws}, ${turnKey}, ${month}::date, tokens, ${expiresAt}::timestamp FROM admitted
      RETURNING tokens`,
  );
  return rows.length > 0 ? { admitted: true, reservation: turnKey } : { admitted: false };
}

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

export interface TurnUsage {
  promptTokens: number;
  completionTokens: number;
  /** The model that spent them (the usage page's rows). */
  model: string;
  /** The turn's reservation, released with the usage. */
  reservation: string | null;
}

/**
 * The turn's usage as data-modifying CTEs (`released`, `metered`, `hourly`) to stand in a larger statement: its
 * reservation released, the month's totals and the hour's per-model row incremented (atomic upserts: concurrent turns
 * never lose one), the month's largest turn kept. Empty when there is nothing to record.
 */
export function turnUsageCtes(ws: Prisma.Sql, usage: TurnUsage, now = new Date()): Prisma.Sql | null {
  const tokens = usage.promptTokens + usage.completionTokens;
  if (tokens === 0 && usage.reservation === null) return null;
  const month = monthKey(now);
  const at = utcTimestamp(now);
  const released = Prisma.sql`released AS (
      DELETE FROM "TokenReservation" WHERE "subAccountId" = ${ws} AND "turnKey" = ${usage.reservation ?? ""} RETURNING month, tokens
    )`;
  const metered = Prisma.sql`metered AS (
      INSERT INTO "TokenUsage" AS u ("subAccountId", month, "promptTokens", "completionTokens", "maxTurnTokens", "updatedAt")
      VALUES (${ws}, ${month}::date, ${usage.promptTokens}, ${usage.completionTokens}, ${tokens}, ${at}::timestamp)
      ON CONFLICT ("subAccountId", month) DO UPDATE SET
        "promptTokens" = u."promptTokens" + EXCLUDED."promptTokens",
        "completionTokens" = u."completionTokens" + EXCLUDED."completionTokens",
        "maxTurnTokens" = GREATEST(u."maxTurnTokens", EXCLUDED."maxTurnTokens"),
        "reservedTokens" = GREATEST(u."reservedTokens" - COALESCE((SELECT sum(r.tokens)::int FROM released r WHERE r.month = u.month), 0), 0),
        "updatedAt" = EXCLUDED."updatedAt"
      RETURNING 1
    )`;
  if (tokens === 0) return Prisma.sql`${released}, ${metered}`;
  const hourly = Prisma.sql`hourly AS (
      INSERT INTO "ModelUsageHourly" AS h ("subAccountId", hour, model, "promptTokens", "completionTokens", turns)
      VALUES (${ws}, ${utcTimestamp(hourOf(now))}::timestamp, ${usage.model.slice(0, 200)}, ${usage.promptTokens}, ${usage.completionTokens}, 1)
      ON CONFLICT ("subAccountId", hour, model) DO UPDATE SET
        "promptTokens" = h."promptTokens" + EXCLUDED."promptTokens",
        "completionTokens" = h."completionTokens" + EXCLUDED."completionTokens",
        turns = h.turns + 1
      RETURNING 1
    )`;
  return Prisma.sql`${released}, ${metered}, ${hourly}`;
}

/** Records a turn's usage (and releases its reservation) on its own, when the turn stored no reply. */
export async function recordTokenUsage(ctx: Pick<WorkspaceContext, "db">, usage: TurnUsage, now = new Date()) {
  const ctes = (ws: Prisma.Sql) => turnUsageCtes(ws, usage, now);
  if (ctes(Prisma.sql`0`) === null) return;
  await ctx.db.$queryWorkspace((ws) => Prisma.sql`WITH ${ctes(ws)!} SELECT 1`);
}
