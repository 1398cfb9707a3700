import type { Channel } from "@/generated/prisma/client";
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

/** Whether the channel's limit is reached this month (the AI asks before spending tokens on a reply). */
export async function messageLimitReached(db: TenantDb, channel: Channel, now = new Date()): Promise<boolean> {
  if (!isLimitedChannel(channel)) return false;
  const limit = await limitOf(db, channel);
  if (limit === null) return false;
  const row = await db.messageUsage.findFirst({ where: { month: monthOf(now), channel }, select: { sent: true } });
  return (row?.sent ?? 0) >= limit;
}
