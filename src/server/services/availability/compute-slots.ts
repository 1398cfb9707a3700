import { minutesOfDay, WEEKDAYS, type TimeInterval, type WeeklyHours } from "@/schemas/bookings";
import { addDays, dateKey, formatLocal, localDateOf, weekdayIndex, ZonedDay } from "./wall-clock";

export interface SlotRules {
  timezone: string;
  weeklyHours: WeeklyHours;
  slotMinutes: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  minNoticeMinutes: number;
  maxPerDay: number | null;
}

/** A date override: null intervals mean a day off; otherwise they replace the weekly hours of that date. */
export type OverridesByDate = Map<string, TimeInterval[] | null>;

/** An active (pending or confirmed) booking of the user. */
export interface BusyRange {
  startsAt: Date;
  endsAt: Date;
}

export interface Slot {
  startsAt: Date;
  endsAt: Date;
  /** "YYYY-MM-DDTHH:mm" on the wall clock of the requested timezone. */
  localStart: string;
}

export interface ComputeSlotsInput {
  rules: SlotRules;
  overrides: OverridesByDate;
  /** Sorted by startsAt; never overlapping (the exclusion constraint guarantees it). */
  busy: BusyRange[];
  from: Date;
  to: Date;
  now: Date;
  displayTimeZone: string;
}

const MINUTE = 60_000;

/** Index of the first busy range ending after `instant` (busy ranges are disjoint, so ends are sorted too). */
function firstEndingAfter(busy: BusyRange[], instant: number): number {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (busy[mid]!.endsAt.getTime() > instant) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function overlapsBusy(busy: BusyRange[], start: number, end: number): boolean {
  const i = firstEndingAfter(busy, start);
  return i < busy.length && busy[i]!.startsAt.getTime() < end;
}

/**
 * Free slots in [from, to). Slots are laid out from the start of each working interval, every `slotMinutes` of
 * wall-clock time in the user's zone, and must end (in real time) by the interval's end. A slot is free when
 * - it starts at or after now + minimum notice, and inside [from, to);
 * - no active booking overlaps [start - bufferBefore, end + bufferAfter) (the slot with its buffers);
 * - the user's local day has fewer than maxPerDay active bookings (counted by their start).
 * A wall-clock time skipped by a DST change yields no slot; a repeated one yields one slot, at its earlier instant.
 */
export function computeFreeSlots(input: ComputeSlotsInput): Slot[] {
  const { rules, overrides, busy, displayTimeZone } = input;
  const from = input.from.getTime();
  const to = input.to.getTime();
  const earliest = Math.max(from, input.now.getTime() + rules.minNoticeMinutes * MINUTE);
  const slotMs = rules.slotMinutes * MINUTE;
  const before = rules.bufferBeforeMin * MINUTE;
  const after = rules.bufferAfterMin * MINUTE;
  const slots: Slot[] = [];
  if (earliest >= to) return slots;

  const lastKey = dateKey(localDateOf(to, rules.timezone));
  for (let date = localDateOf(earliest, rules.timezone); ; date = addDays(date, 1)) {
    const day = new ZonedDay(date, rules.timezone);
    const intervals = overrides.has(day.key) ? overrides.get(day.key) : rules.weeklyHours[WEEKDAYS[weekdayIndex(date)]!];
    if (intervals?.length && !(rules.maxPerDay !== null && countStartingOn(day, busy) >= rules.maxPerDay)) {
      for (const [startTime, endTime] of intervals) {
        const intervalStart = minutesOfDay(startTime);
        const intervalEnd = minutesOfDay(endTime);
        const intervalEndInstant = day.instantAt(intervalEnd) ?? Number.POSITIVE_INFINITY;
        for (let minute = intervalStart; minute + rules.slotMinutes <= intervalEnd; minute += rules.slotMinutes) {
          const start = day.instantAt(minute);
          if (start === null || start < earliest) continue;
          const end = start + slotMs;
          if (end > to || end > intervalEndInstant) break;
          if (overlapsBusy(busy, start - before, end + after)) continue;
          slots.push({ startsAt: new Date(start), endsAt: new Date(end), localStart: formatLocal(start, displayTimeZone) });
        }
      }
    }
    if (day.key === lastKey) break;
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Active bookings starting on this local day. */
function countStartingOn(day: ZonedDay, busy: BusyRange[]): number {
  const dayStart = day.start();
  const nextStart = new ZonedDay(addDays(day.date, 1), day.timeZone).start();
  let count = 0;
  for (let i = firstStartingAtOrAfter(busy, dayStart); i < busy.length && busy[i]!.startsAt.getTime() < nextStart; i++) count++;
  return count;
}

function firstStartingAtOrAfter(busy: BusyRange[], instant: number): number {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (busy[mid]!.startsAt.getTime() >= instant) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
