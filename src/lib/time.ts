import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";

/**
 * Every time shown to a person goes through here: formatted in one explicit IANA zone (the viewer's profile zone,
 * or the lead's beside it) with the zone visible, in one fixed locale, so the server and the browser render the same
 * text whatever zone or language the browser runs in. Zone arithmetic is Intl's and @date-fns/tz's, never offsets
 * computed by hand.
 */

/** One locale for every screen: a browser in another language must not render different text than the server. */
export const DISPLAY_LOCALE = "en-US";

export type DateLike = Date | string | number | null | undefined;

export function toDate(value: DateLike): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build; one per (zone, options) is kept. */
function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(DISPLAY_LOCALE, { ...options, timeZone: zone });
    formatters.set(key, cached);
  }
  return cached;
}

const DATE: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
const ZONE: Intl.DateTimeFormatOptions = { timeZoneName: "short" };
const WEEKDAY_DATE: Intl.DateTimeFormatOptions = { weekday: "short", month: "short", day: "numeric" };

/** The zone's short name at that instant: "EST" in winter and "EDT" in summer for New York, "GMT+9" for Tokyo. */
export function zoneAbbreviation(date: Date, zone: string): string {
  return formatter(zone, ZONE).formatToParts(date).find((part) => part.type === "timeZoneName")?.value ?? zone;
}

/** "America/New_York" as a person reads it: "America/New York". */
export function zoneDisplayName(zone: string): string {
  return zone.replaceAll("_", " ");
}

/** "Dec 3, 2026, 10:00 AM EST", or `fallback` for no date. */
export function formatDateTime(value: DateLike, zone: string, fallback = "—"): string {
  const date = toDate(value);
  return date ? formatter(zone, { ...DATE, ...TIME, ...ZONE }).format(date) : fallback;
}

/** "Dec 3, 2026": the calendar day in `zone` (a day, not a time: no zone name). */
export function formatDate(value: DateLike, zone: string, fallback = "—"): string {
  const date = toDate(value);
  return date ? formatter(zone, DATE).format(date) : fallback;
}

/** "10:00 AM EST", or "10:00 AM" with `withZone: false` where the zone is named once nearby (a calendar grid). */
export function formatTime(value: Date, zone: string, { withZone = true } = {}): string {
  return formatter(zone, withZone ? { ...TIME, ...ZONE } : TIME).format(value);
}

/** "Thu, Dec 3, 10:00 AM EST": a slot or booking start, without the year. */
export function formatSlot(value: Date, zone: string): string {
  return formatter(zone, { ...WEEKDAY_DATE, ...TIME, ...ZONE }).format(value);
}

/**
 * "Thu, Dec 3, 10:00 – 10:30 AM EST" (Intl collapses what both ends share, days included when they differ). A range
 * across a DST change names both zones ("Sun, Mar 8, 1:30 AM EST – 3:30 AM EDT"): Intl would name only the end's.
 */
export function formatTimeRange(start: Date, end: Date, zone: string): string {
  if (zoneAbbreviation(start, zone) !== zoneAbbreviation(end, zone)) {
    return `${formatSlot(start, zone)} – ${dayKey(start, zone) === dayKey(end, zone) ? formatTime(end, zone) : formatSlot(end, zone)}`;
  }
  return formatter(zone, { ...WEEKDAY_DATE, ...TIME, ...ZONE }).formatRange(start, end);
}

/** "Thursday, December 3": a day heading in `zone`. */
export function formatDayLong(value: Date, zone: string): string {
  return formatter(zone, { weekday: "long", month: "long", day: "numeric" }).format(value);
}

/** "Nov 30 – Dec 6, 2026": a calendar week starting at `weekStart` in `zone`. */
export function formatWeekRange(weekStart: Date, zone: string): string {
  return formatter(zone, DATE).formatRange(weekStart, addDays(weekStart, 6));
}

/** "Mon" and "Nov 30": a calendar column heading in `zone`. */
export function formatDayHeading(date: Date, zone: string): { weekday: string; day: string } {
  return { weekday: formatter(zone, { weekday: "short" }).format(date), day: formatter(zone, { month: "short", day: "numeric" }).format(date) };
}

/** "9 AM": an hour row label (a wall-clock hour, the same in every zone). */
export function formatHour(hour: number): string {
  return formatter("UTC", { hour: "numeric" }).format(Date.UTC(2000, 0, 1, hour));
}

/** The zone the browser runs in: only a suggestion for a profile that has none yet, never a zone to show times in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "December": the month `value` falls in, in `zone`. */
export function formatMonth(value: Date, zone: string): string {
  return formatter(zone, { month: "long" }).format(value);
}

/**
 * A calendar day stored without a time ("2026-12-24", a day off): "Thursday, December 24, 2026", or "Dec 24" with
 * `short`. It is the same day in every zone, so it is read and written on UTC's clock.
 */
export function formatCalendarDay(day: string, style: "full" | "short" = "full"): string {
  const options: Intl.DateTimeFormatOptions = style === "full" ? { dateStyle: "full" } : { month: "short", day: "numeric" };
  return formatter("UTC", options).format(new Date(`${day}T00:00:00Z`));
}

/** The zone's offset from UTC in minutes at that instant (east positive), read from @date-fns/tz. */
function offsetMinutes(date: Date, zone: string): number {
  return -new TZDate(date.getTime(), zone).getTimezoneOffset();
}

/** True when the two zones show a different wall clock at that instant (same-offset zones count as the same). */
export function zonesDiffer(date: Date, a: string, b: string): boolean {
  return a !== b && offsetMinutes(date, a) !== offsetMinutes(date, b);
}

/**
 * The lead's own clock for a time shown in the viewer's zone: "4:00 PM CET", with the weekday and day when the
 * lead's calendar day is another one ("Fri, Dec 4, 12:00 AM GMT+9"); null when the lead has no zone or the same clock.
 */
export function leadLocalTime(value: DateLike, viewerZone: string, leadZone: string | null | undefined): string | null {
  const date = toDate(value);
  if (!date || !leadZone || !zonesDiffer(date, viewerZone, leadZone)) return null;
  return dayKey(date, viewerZone) === dayKey(date, leadZone) ? formatTime(date, leadZone) : formatSlot(date, leadZone);
}

/** "2026-11-30": the calendar day `date` falls on in `zone`. */
export function dayKey(date: Date, zone: string): string {
  return format(new TZDate(date.getTime(), zone), "yyyy-MM-dd");
}

/** ISO 8601 with the zone's offset at that instant: 2026-12-02T10:00:00-05:00 (exports; machines read it). */
export function isoWithOffset(value: DateLike, zone: string): string | null {
  const date = toDate(value);
  return date ? format(new TZDate(date.getTime(), zone), "yyyy-MM-dd'T'HH:mm:ssxxx") : null;
}

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * An <input type="date"> ("2026-12-01", as the start of that day or with `endOfDay` its last millisecond) or
 * <input type="datetime-local"> ("2026-12-01T09:30") value read as a wall clock in `zone`; undefined when empty or
 * unreadable. A wall clock that a DST change skips moves forward by the gap (2:30 AM on the spring-forward day is
 * 3:30 AM daylight time).
 */
export function parseZonedInput(value: string | undefined | null, zone: string, { endOfDay = false } = {}): Date | undefined {
  const match = value ? DATE_INPUT.exec(value) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // A day that does not exist (Feb 30, month 13) would roll over in Date arithmetic: refuse it instead.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  let local: TZDate;
  if (match[4] === undefined) {
    local = endOfDay ? new TZDate(year, month - 1, day, 23, 59, 59, 999, zone) : new TZDate(year, month - 1, day, 0, 0, 0, 0, zone);
  } else {
    const [hour, minute] = [Number(match[4]), Number(match[5])];
    if (hour > 23 || minute > 59) return undefined;
    local = new TZDate(year, month - 1, day, hour, minute, 0, 0, zone);
  }
  return Number.isNaN(local.getTime()) ? undefined : new Date(local.getTime());
}

/**
 * react-hook-form's `setValueAs` for a datetime-local field read on `zone`'s clock: empty is undefined, a readable
 * value a Date, an unreadable one left as typed for the schema to refuse with its message.
 */
export function zonedFormValue(value: unknown, zone: string): unknown {
  if (value === "" || value === null || value === undefined) return undefined;
  return typeof value === "string" ? (parseZonedInput(value, zone) ?? value) : value;
}

/** The <input type="datetime-local"> value showing `date` on `zone`'s wall clock. */
export function toZonedInputValue(value: DateLike, zone: string): string {
  const date = toDate(value);
  return date ? format(new TZDate(date.getTime(), zone), "yyyy-MM-dd'T'HH:mm") : "";
}
