import type { Prisma } from "@/generated/prisma/client";
import type { BookingWeekInput, ListBookingsInput } from "@/schemas/bookings";
import type { WorkspaceContext } from "@/server/context";
import { addDays, dateKey, formatLocal, parseDateKey, ZonedDay } from "@/server/services/availability/wall-clock";
import { bookingFields } from "./booking-writes";

/** Bookings by start time (then id), oldest first; `cursor` is the id of the last booking of the previous page. */
export async function listBookings(ctx: WorkspaceContext, input: ListBookingsInput) {
  const filters: Prisma.BookingWhereInput = {
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.leadId ? { leadId: input.leadId } : {}),
    ...(input.status ? { status: { in: input.status } } : {}),
    ...(input.from ? { endsAt: { gt: input.from } } : {}),
    ...(input.to ? { startsAt: { lt: input.to } } : {}),
  };
  const after = input.cursor
    ? await ctx.db.booking.findUnique({ where: { id: input.cursor }, select: { id: true, startsAt: true } })
    : null;
  const rows = await ctx.db.booking.findMany({
    where: after
      ? { AND: [filters, { OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] }] }
      : filters,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: bookingFields,
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

const WEEK_LIMIT = 500;

/**
 * Seven local days from `weekStart` in `timezone`, each with the bookings starting on it (any status; the UI greys
 * out cancelled ones). `from`/`to` are the week's instants, ready for availability.slots.
 */
export async function bookingsWeek(ctx: WorkspaceContext, input: BookingWeekInput) {
  const first = parseDateKey(input.weekStart);
  const dayStarts = Array.from({ length: 8 }, (_, i) => new ZonedDay(addDays(first, i), input.timezone).start());
  const from = new Date(dayStarts[0]!);
  const to = new Date(dayStarts[7]!);
  const rows = await ctx.db.booking.findMany({
    where: { ...(input.userId ? { userId: input.userId } : {}), startsAt: { gte: from, lt: to } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: WEEK_LIMIT,
    select: bookingFields,
  });
  const days = dayStarts.slice(0, 7).map((start, i) => ({
    date: dateKey(addDays(first, i)),
    bookings: rows
      .filter((b) => b.startsAt.getTime() >= start && b.startsAt.getTime() < dayStarts[i + 1]!)
      .map((b) => ({ ...b, localStart: formatLocal(b.startsAt.getTime(), input.timezone), localEnd: formatLocal(b.endsAt.getTime(), input.timezone) })),
  }));
  return { weekStart: input.weekStart, timezone: input.timezone, from, to, days, truncated: rows.length === WEEK_LIMIT };
}
