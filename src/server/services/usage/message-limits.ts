import type { Channel } from "@/generated/prisma/client";
import { Prisma } from "@/server/db/client";
import type { TenantDb, TenantTransaction } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import { monthOf } from "@/server/agents/token-usage";

/**
 * Monthly message limits per channel (SubAccount.monthlySmsLimit / monthlyEmailLimit / monthlyWebLimit, set by platform
 * admins; null: unlimited). Every message sent to a lead on a limited channel (by the AI, a person or a campaign) takes
 * a slot when it is queued: one conditional increment of the month's MessageUsage row, so concurrent sends never pass
 * the limit. Inside the caller's transaction the slot is returned if the message is not stored.
 */
export type LimitedChannel = "sms" | "email" | "web";
export const LIMITED_CHANNELS: readonly LimitedChannel[] = ["sms", "email", "web"];
const LIMIT_FIELD = { sms: "monthlySmsLimit", email: "monthlyEmailLimit", web: "monthlyWebLimit" } as const;
const CHANNEL_WORDS: Record<LimitedChannel, string> = { sms: "text messages", email: "emails", web: "web chat replies" };

export const isLimitedChannel = (channel: Channel): channel is LimitedChannel => (LIMITED_CHANNELS as readonly string[]).includes(channel);

export function messageLimitError(channel: LimitedChannel, limit: number, now = new Date()): AppError {
  const month = new Intl.DateTimeFormat("en-US", { month: "long", timeZone: "UTC" }).format(now);
  return new AppError(
    "PRECONDITION_FAILED",
    `This workspace has sent its limit of ${limit.toLocaleString("en-US")} ${CHANNEL_WORDS[channel]} for ${month}; nothing was sent. The limit resets on the 1st (UTC), or a platform admin can raise it.`,
  );
}

async function limitOf(db: TenantDb | TenantTransaction, channel: LimitedChannel): Promise<number | null> {
  const ws = await db.subAccount.findFirst({ select: { monthlySmsLimit: true, monthlyEmailLimit: true, monthlyWebLimit: true } });
  return ws?.[LIMIT_FIELD[channel]] ?? null;
}

/** Takes one message slot of the month on the channel, or throws the limit's PRECONDITION_FAILED error. */
export async function takeMessageSlot(db: TenantDb | TenantTransaction, subAccountId: number, channel: Channel, now = new Date()): Promise<void> {
  if (!isLimitedChannel(channel)) return;
  const limit = await limitOf(db, channel);
  const month = monthOf(now);
  await db.messageUsage.createMany({ data: [{ subAccountId, month, channel, sent: 0 }], skipDuplicates: true });
  // Unlimited channels are counted too, so the usage page and a limit set later start from the truth.
  const { count } = await db.messageUsage.updateMany({
    where: { month, channel, ...(limit === null ? {} : { sent: { lt: limit } }) },
    data: { sent: { increment: 1 } },
  });
  if (count === 0 && limit !== null) throw messageLimitError(channel, limit, now);
}

/** Gives a slot back (a send that took one and then stored nothing). */
export async function returnMessageSlot(db: TenantDb | TenantTransaction, channel: Channel, now = new Date()): Promise<void> {
  if (!isLimitedChannel(channel)) return;
  await db.messageUsage.updateMany({ where: { month: monthOf(now), channel, sent: { gt: 0 } }, data: { sent: { decrement: 1 } } });
}

/** A workspace's monthly limits and what it sent this month, per limited channel (null: unlimited). */
export interface MessageLimits {
  limits: Record<LimitedChannel, number | null>;
  sent: Partial<Record<LimitedChannel, number>>;
}

/**
 * A column for a SELECT whose FROM clause names the workspace `s` ("SubAccount"): its limits and this month's sends per
 * channel (`messageLimits`, a MessageLimits), so a caller reads them with its own row instead of two more queries.
 */
export function messageLimitsColumn(ws: Prisma.Sql, now = new Date()): Prisma.Sql {
  return Prisma.sql`json_build_object(
      'limits', json_build_object('sms', s."monthlySmsLimit", 'email', s."monthlyEmailLimit", 'web', s."monthlyWebLimit"),
      'sent', COALESCE((SELECT json_object_agg(mu.channel, mu.sent) FROM "MessageUsage" mu
                         WHERE mu."subAccountId" = ${ws} AND mu.month = ${monthKeyOf(now)}::date), '{}'::json)) AS "messageLimits"`;
}

/** Whether the channel's limit is reached this month, from `messageLimitsColumn` (the AI asks before spending tokens). */
export function messageLimitReached(state: MessageLimits, channel: Channel): boolean {
  if (!isLimitedChannel(channel)) return false;
  const limit = state.limits[channel];
  return limit !== null && (state.sent[channel] ?? 0) >= limit;
}

/**
 * takeMessageSlot inside the caller's statement: CTEs (`slot_limit`, `slot`) that take one message slot of the month on
 * a limited channel (`slot` has one row when taken, none when the limit is reached). The month's row is inserted or
 * incremented only while under the workspace's limit as it stands (the row lock orders concurrent takers, each checking
 * the newest count). Null for a channel without limits. A statement that then stores nothing returns the slot
 * (returnMessageSlot).
 */
export function messageSlotCte(ws: Prisma.Sql, channel: Channel, now = new Date()): Prisma.Sql | null {
  if (!isLimitedChannel(channel)) return null;
  const at = now.toISOString().slice(0, 23);
  return Prisma.sql`slot_limit AS (
      SELECT ${Prisma.raw(`"${LIMIT_FIELD[channel]}"`)} AS n FROM "SubAccount" WHERE id = ${ws}
    ), slot AS (
      INSERT INTO "MessageUsage" AS mu ("subAccountId", month, channel, sent, "updatedAt")
      SELECT ${ws}, ${monthKeyOf(now)}::date, ${channel}::"Channel", 1, ${at}::timestamp FROM slot_limit WHERE n IS NULL OR n > 0
      ON CONFLICT ("subAccountId", month, channel) DO UPDATE SET sent = mu.sent + 1, "updatedAt" = EXCLUDED."updatedAt"
       WHERE (SELECT n FROM slot_limit) IS NULL OR mu.sent < (SELECT n FROM slot_limit)
      RETURNING 1
    )`;
}

/**
 * Counting without a limit inside the caller's statement: a CTE (`counted`) adding the rows of the caller's CTE
 * `messages` (the messages it stored) to the month's count on the channel. Null for a channel never limited. Unlike
 * `slot`, the statement's result does not read it, so PostgreSQL runs it last and the month's row (every send of the
 * workspace on the channel writes it) stays locked only from there to the commit: turns of one workspace answering at
 * once do not queue behind each other's whole statement.
 */
export function messageCountCte(ws: Prisma.Sql, channel: Channel, messages: Prisma.Sql, now = new Date()): Prisma.Sql | null {
  if (!isLimitedChannel(channel)) return null;
  const at = now.toISOString().slice(0, 23);
  return Prisma.sql`counted AS (
      INSERT INTO "MessageUsage" AS mu ("subAccountId", month, channel, sent, "updatedAt")
      SELECT ${ws}, ${monthKeyOf(now)}::date, ${channel}::"Channel", count(*), ${at}::timestamp FROM ${messages} HAVING count(*) > 0
      ON CONFLICT ("subAccountId", month, channel) DO UPDATE SET sent = mu.sent + EXCLUDED.sent, "updatedAt" = EXCLUDED."updatedAt"
      RETURNING 1
    )`;
}

const monthKeyOf = (now: Date) => monthOf(now).toISOString().slice(0, 10);
