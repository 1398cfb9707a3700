import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, format, startOfDay, startOfMonth, subDays } from "date-fns";
import type { DashboardSummaryInput } from "@/schemas/dashboard";
import { Prisma } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/context";

const SERIES_DAYS = 30;

type DayCount = { day: string; count: number };

/**
 * Per-day counts in `timezone` with one grouped query per table, through `$queryWorkspace` because Prisma's groupBy
 * cannot bucket by local day. Lead.createdAt is timestamp (UTC), hence the double AT TIME ZONE.
 */
function leadsPerDay(ctx: WorkspaceContext, since: Date, timezone: string): Promise<DayCount[]> {
  return ctx.db.$queryWorkspace<DayCount>((ws) => Prisma.sql`
    SELECT to_char(("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS day, count(*)::int AS count
    FROM "Lead"
    WHERE "subAccountId" = ${ws} AND "createdAt" >= (${since}::timestamptz AT TIME ZONE 'UTC')
    GROUP BY 1`);
}

function bookingsPerDay(ctx: WorkspaceContext, since: Date, timezone: string): Promise<DayCount[]> {
  return ctx.db.$queryWorkspace<DayCount>((ws) => Prisma.sql`
    SELECT to_char(("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS day, count(*)::int AS count
    FROM "Booking"
    WHERE "subAccountId" = ${ws} AND "createdAt" >= (${since}::timestamptz AT TIME ZONE 'UTC') AND status <> 'cancelled'
    GROUP BY 1`);
}

/** Relative change in percent, one decimal; null when there is nothing to compare with. */
function changePercent(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

const ratePercent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/**
 * This month vs last month (calendar months in `timezone`): leads created, bookings made (not cancelled) and
 * conversion (leads of the month now booked or won / leads of the month); the 5 newest leads; and leads and
 * bookings per local day for the last 30 days, today included.
 */
export async function getDashboardSummary(ctx: WorkspaceContext, input: DashboardSummaryInput, now = new Date()) {
  const zone = input.timezone;
  const localNow = new TZDate(now, zone);
  const thisMonth = startOfMonth(localNow);
  const lastMonth = startOfMonth(addMonths(thisMonth, -1));
  const nextMonth = startOfMonth(addMonths(thisMonth, 1));
  const seriesStart = startOfDay(subDays(localNow, SERIES_DAYS - 1));
  const range = (from: Date, to: Date) => ({ gte: new Date(from.getTime()), lt: new Date(to.getTime()) });
  const converted = { status: { in: ["booked", "won"] as ("booked" | "won")[] } };

  const [leadsNow, leadsBefore, convertedNow, convertedBefore, bookingsNow, bookingsBefore, recentLeads, leadDays, bookingDays] =
    await Promise.all([
      ctx.db.lead.count({ where: { createdAt: range(thisMonth, nextMonth) } }),
      ctx.db.lead.count({ where: { createdAt: range(lastMonth, thisMonth) } }),
      ctx.db.lead.count({ where: { createdAt: range(thisMonth, nextMonth), ...converted } }),
      ctx.db.lead.count({ where: { createdAt: range(lastMonth, thisMonth), ...converted } }),
      ctx.db.booking.count({ where: { createdAt: range(thisMonth, nextMonth), status: { not: "cancelled" } } }),
      ctx.db.booking.count({ where: { createdAt: range(lastMonth, thisMonth), status: { not: "cancelled" } } }),
      ctx.db.lead.findMany({
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 5,
        select: { id: true, name: true, email: true, phone: true, company: true, status: true, createdAt: true },
      }),
      leadsPerDay(ctx, new Date(seriesStart.getTime()), zone),
      bookingsPerDay(ctx, new Date(seriesStart.getTime()), zone),
    ]);

  const leadsByDay = new Map(leadDays.map((d) => [d.day, d.count]));
  const bookingsByDay = new Map(bookingDays.map((d) => [d.day, d.count]));
  const series = Array.from({ length: SERIES_DAYS }, (_, i) => {
    const date = format(addDays(seriesStart, i), "yyyy-MM-dd");
    return { date, leads: leadsByDay.get(date) ?? 0, bookings: bookingsByDay.get(date) ?? 0 };
  });

  const conversionNow = ratePercent(convertedNow, leadsNow);
  const conversionBefore = ratePercent(convertedBefore, leadsBefore);
  return {
    timezone: zone,
    month: { start: new Date(thisMonth.getTime()), previousStart: new Date(lastMonth.getTime()) },
    leads: { current: leadsNow, previous: leadsBefore, changePercent: changePercent(leadsNow, leadsBefore) },
    bookings: { current: bookingsNow, previous: bookingsBefore, changePercent: changePercent(bookingsNow, bookingsBefore) },
    conversion: {
      current: conversionNow,
      previous: conversionBefore,
      convertedCurrent: convertedNow,
      convertedPrevious: convertedBefore,
      changePercent: changePercent(conversionNow, conversionBefore),
    },
    recentLeads,
    series,
  };
}
