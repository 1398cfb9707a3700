import { TZDate, tzOffset } from "@date-fns/tz";

/**
 * Wall-clock arithmetic in IANA zones. A "local date" is { year, month (0-11), day } in some zone.
 * Days whose UTC offset is the same 15 hours either side take the fast path (one subtraction); days with a
 * transition near them resolve each wall-clock time against both offsets, so a time that does not exist
 * (spring forward) gives null and a repeated time (fall back) gives its earlier instant, once.
 */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const dateKey = (d: LocalDate) =>
  `${d.year}-${String(d.month + 1).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/** The local date in `timeZone` at `instant`. */
export function localDateOf(instant: Date | number, timeZone: string): LocalDate {
  const local = new TZDate(typeof instant === "number" ? instant : instant.getTime(), timeZone);
  return { year: local.getFullYear(), month: local.getMonth(), day: local.getDate() };
}

/** The calendar date `days` after `date` (zone-free calendar arithmetic). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate() };
}

export function parseDateKey(key: string): LocalDate {
  return { year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)) - 1, day: Number(key.slice(8, 10)) };
}

/** 0 = Monday … 6 = Sunday. */
export const weekdayIndex = (d: LocalDate) => (new Date(Date.UTC(d.year, d.month, d.day)).getUTCDay() + 6) % 7;

/** One local day of a zone, prepared for turning its wall-clock times into instants. */
export class ZonedDay {
  readonly date: LocalDate;
  readonly key: string;
  readonly timeZone: string;
  private readonly midnightUtc: number;
  private readonly offsetBefore: number;
  private readonly offsetAfter: number;

  constructor(date: LocalDate, timeZone: string) {
    this.date = date;
    this.key = dateKey(date);
    this.timeZone = timeZone;
    this.midnightUtc = Date.UTC(date.year, date.month, date.day);
    this.offsetBefore = tzOffset(timeZone, new Date(this.midnightUtc - 15 * HOUR));
    this.offsetAfter = tzOffset(timeZone, new Date(this.midnightUtc + 39 * HOUR));
  }

  /** The instant of `minutes` after local midnight (1440 = the next midnight), or null when that time does not exist. */
  instantAt(minutes: number): number | null {
    const naive = this.midnightUtc + minutes * MINUTE;
    if (this.offsetBefore === this.offsetAfter) return naive - this.offsetBefore * MINUTE;
    let earliest: number | null = null;
    for (const offset of [this.offsetBefore, this.offsetAfter]) {
      const candidate = naive - offset * MINUTE;
      if (tzOffset(this.timeZone, new Date(candidate)) !== offset) continue;
      if (earliest === null || candidate < earliest) earliest = candidate;
    }
    return earliest;
  }

  /** The first instant of this local day (midnight, or the first existing time when midnight is skipped). */
  start(): number {
    return new TZDate(this.date.year, this.date.month, this.date.day, 0, 0, this.timeZone).getTime();
  }
}

/** "YYYY-MM-DDTHH:mm" of `instant` on the wall clock of `timeZone`. */
export function formatLocal(instant: number, timeZone: string): string {
  const shifted = new Date(instant + tzOffset(timeZone, new Date(instant)) * MINUTE);
  return shifted.toISOString().slice(0, 16);
}
