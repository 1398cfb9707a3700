import { TZDate } from "@date-fns/tz";
import { addDays, addWeeks, differenceInMinutes, format, startOfDay, startOfWeek } from "date-fns";

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

/** "2026-11-30": the calendar day `date` falls on in `zone`. */
export function dayKey(date: Date, zone: string): string {
  return format(new TZDate(date, zone), "yyyy-MM-dd");
}

/** Minutes since that day's midnight in `zone` (DST days are measured on the wall clock). */
export function minuteOfDay(date: Date, zone: string): number {
  const local = new TZDate(date, zone);
  return local.getHours() * 60 + local.getMinutes();
}

export function durationMinutes(start: Date, end: Date): number {
  return Math.max(differenceInMinutes(end, start), 0);
}

export function formatTime(date: Date, zone: string): string {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: zone }).format(date);
}

export function formatDayHeading(date: Date, zone: string): { weekday: string; day: string } {
  return {
    weekday: new Intl.DateTimeFormat(undefined, { weekday: "short", timeZone: zone }).format(date),
    day: new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: zone }).format(date),
  };
}

/** "Mon, Nov 30, 9:00 AM" in `zone`. */
export function formatSlot(date: Date, zone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: zone,
  }).format(date);
}

/** "Nov 30 – Dec 6, 2026". */
export function formatWeekRange(weekStart: TZDate, zone: string): string {
  const end = addDays(weekStart, 6);
  return new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", year: "numeric", timeZone: zone }).formatRange(
    weekStart,
    end,
  );
}

export function formatHour(hour: number): string {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", timeZone: "UTC" }).format(Date.UTC(2000, 0, 1, hour));
}
