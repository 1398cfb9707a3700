import { TZDate } from "@date-fns/tz";
import { addDays, addWeeks, differenceInMinutes, startOfDay, startOfWeek } from "date-fns";
import { DISPLAY_LOCALE } from "@/lib/time";

/** Calendar arithmetic in one IANA zone (the viewer's), whatever zone the browser runs in. */

/** Monday 00:00 of the week holding `date`, in `zone`. */
export function weekStartOf(date: Date, zone: string): TZDate {
  return startOfWeek(new TZDate(date, zone), { weekStartsOn: 1 });
}

export function shiftWeeks(weekStart: TZDate, weeks: number): TZDate {
  return startOfWeek(addWeeks(weekStart, weeks), { weekStartsOn: 1 });
}

/** The seven midnights of the week, Monday first. */
export function daysOfWeek(weekStart: TZDate): TZDate[] {
  return Array.from({ length: 7 }, (_, index) => startOfDay(addDays(weekStart, index)));
}

export { dayKey } from "@/lib/time";

/** Minutes since that day's midnight in `zone` (DST days are measured on the wall clock). */
export function minuteOfDay(date: Date, zone: string): number {
  const local = new TZDate(date, zone);
  return local.getHours() * 60 + local.getMinutes();
}

export function durationMinutes(start: Date, end: Date): number {
  return Math.max(differenceInMinutes(end, start), 0);
}

/** "Nov 30 – Dec 6, 2026". */
export function formatWeekRange(weekStart: TZDate, zone: string): string {
  const end = addDays(weekStart, 6);
  return new Intl.DateTimeFormat(DISPLAY_LOCALE, { month: "short", day: "numeric", year: "numeric", timeZone: zone }).formatRange(
    weekStart,
    end,
  );
}

/** "Mon" and "Nov 30": a calendar column heading in `zone`. */
export function formatDayHeading(date: Date, zone: string): { weekday: string; day: string } {
  return {
    weekday: new Intl.DateTimeFormat(DISPLAY_LOCALE, { weekday: "short", timeZone: zone }).format(date),
    day: new Intl.DateTimeFormat(DISPLAY_LOCALE, { month: "short", day: "numeric", timeZone: zone }).format(date),
  };
}

/** "9 AM": an hour row label (a wall-clock hour, the same in every zone). */
export function formatHour(hour: number): string {
  return new Intl.DateTimeFormat(DISPLAY_LOCALE, { hour: "numeric", timeZone: "UTC" }).format(Date.UTC(2000, 0, 1, hour));
}
