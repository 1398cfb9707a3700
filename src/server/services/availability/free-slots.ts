import type { SlotsInput, TimeInterval } from "@/schemas/bookings";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { computeFreeSlots, type OverridesByDate, type SlotRules } from "./compute-slots";
import { loadSlotRules } from "./schedule-rules";

const DAY = 86_400_000;
export const ACTIVE_BOOKING_STATUSES = ["pending", "confirmed"] as const;

export interface FreeSlotOptions {
  /** A booking being rescheduled does not block its own new time. */
  ignoreBookingId?: number;
  now?: Date;
  /** Lay out slots as if the member had no daily maximum (to tell "the day is full" from "not a slot"). */
  ignoreDailyMaximum?: boolean;
}

/** The user's free slots in [from, to), each with its wall-clock start in `timezone`. Any member may look. */
export async function findFreeSlots(ctx: WorkspaceContext, input: SlotsInput, options: FreeSlotOptions = {}) {
  const user = await ctx.db.user.findUnique({ where: { id: input.userId }, select: { id: true, timezone: true, isActive: true } });
  if (!user) throw AppError.field("userId", "No such member in this workspace.");
  const { slots, rules } = await freeSlotsOf(ctx, user, input, options);
  return { userId: user.id, userTimezone: rules.timezone, timezone: input.timezone, slotMinutes: rules.slotMinutes, slots };
}

export async function freeSlotsOf(
  ctx: WorkspaceContext,
  user: { id: number; timezone: string; isActive: boolean },
  range: { from: Date; to: Date; timezone: string },
  options: FreeSlotOptions = {},
) {
  // Local days of any zone lie within a day of the UTC dates; buffers reach at most 4 hours further.
  const wideFrom = new Date(range.from.getTime() - 2 * DAY);
  const wideTo = new Date(range.to.getTime() + 2 * DAY);
  const [rules, overrideRows, busy] = await Promise.all([
    loadSlotRules(ctx, user),
    ctx.db.availabilityOverride.findMany({
      where: { userId: user.id, date: { gte: wideFrom, lte: wideTo } },
      select: { date: true, isDayOff: true, intervals: true },
    }),
    ctx.db.booking.findMany({
      where: {
        userId: user.id,
        status: { in: [...ACTIVE_BOOKING_STATUSES] },
        startsAt: { lt: wideTo },
        endsAt: { gt: wideFrom },
        ...(options.ignoreBookingId ? { id: { not: options.ignoreBookingId } } : {}),
      },
      orderBy: { startsAt: "asc" },
      select: { startsAt: true, endsAt: true },
    }),
  ]);
  if (!user.isActive) return { rules, slots: [] };
  const overrides: OverridesByDate = new Map(
    overrideRows.map((o) => [o.date.toISOString().slice(0, 10), o.isDayOff ? null : (o.intervals as TimeInterval[])]),
  );
  const slots = computeFreeSlots({
    rules: (options.ignoreDailyMaximum ? { ...rules, maxPerDay: null } : rules) satisfies SlotRules,
    overrides,
    busy,
    from: range.from,
    to: range.to,
    now: options.now ?? new Date(),
    displayTimeZone: range.timezone,
  });
  return { rules, slots };
}
