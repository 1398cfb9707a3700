import { TZDate } from "@date-fns/tz";
import { addDays, addWeeks, differenceInMinutes, startOfDay, startOfWeek } from "date-fns";

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

export { dayKey, formatDayHeading, formatHour, formatWeekRange } from "@/lib/time";

/** Minutes since that day's midnight in `zone` (DST days are measured on the wall clock). */
export function minuteOfDay(date: Date, zone: string): number {
  const local = new TZDate(date, zone);
  return local.getHours() * 60 + local.getMinutes();
}

export function durationMinutes(start: Date, end: Date): number {
  return Math.max(differenceInMinutes(end, start), 0);
}
