"use client";

import type { TZDate } from "@date-fns/tz";
import { PlusIcon } from "lucide-react";

import { formatDayLong, formatSlot, formatTime } from "@/lib/time";
import { cn } from "@/lib/utils";
import {
  dayKey,
  daysOfWeek,
  durationMinutes,
  formatDayHeading,
  formatHour,
  minuteOfDay,
} from "./calendar-time";

const HOUR_HEIGHT_PX = 48;
const DEFAULT_FIRST_HOUR = 8;
const DEFAULT_LAST_HOUR = 18;

export interface CalendarBooking {
  id: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  /** e.g. the lead's name and the host. */
  detail?: string;
  tone: "pending" | "confirmed" | "done" | "cancelled";
}

export interface CalendarSlot {
  start: Date;
  end: Date;
}

type Unplaced =
  | { kind: "booking"; start: Date; end: Date; booking: CalendarBooking }
  | { kind: "slot"; start: Date; end: Date; slot: CalendarSlot };
type Placed = Unplaced & { lane: number; lanes: number };

const BOOKING_TONES: Record<CalendarBooking["tone"], string> = {
  pending: "border-amber-500/60 bg-amber-50 text-amber-950",
  confirmed: "border-primary/60 bg-primary/10 text-foreground",
  done: "border-success/50 bg-success/10 text-foreground",
  cancelled: "border-border bg-muted text-muted-foreground line-through",
};

/** Side-by-side lanes for overlapping items of one day, so nothing hides behind anything else. */
function placeInLanes(items: Unplaced[]): Placed[] {
  const sorted = [...items].sort((a, b) => a.start.getTime() - b.start.getTime() || b.end.getTime() - a.end.getTime());
  const placed: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = 0;
  let laneEnds: number[] = [];

  const closeCluster = () => {
    for (const item of cluster) item.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };

  for (const item of sorted) {
    if (cluster.length > 0 && item.start.getTime() >= clusterEnd) closeCluster();
    let lane = laneEnds.findIndex((end) => end <= item.start.getTime());
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(item.end.getTime());
    } else {
      laneEnds[lane] = item.end.getTime();
    }
    const withLane: Placed = { ...item, lane, lanes: 1 };
    cluster.push(withLane);
    placed.push(withLane);
    clusterEnd = Math.max(clusterEnd, item.end.getTime());
  }
  closeCluster();
  return placed;
}

/**
 * A week as seven day columns and hour rows, in the viewer's zone: bookings as blocks, free slots as buttons.
 * Items are listed per day in time order, so the first "Book" button is the earliest free slot of the week.
 */
export function WeekCalendar({
  weekStart,
  zone,
  bookings,
  slots,
  onSelectSlot,
  onSelectBooking,
}: {
  weekStart: TZDate;
  zone: string;
  bookings: CalendarBooking[];
  slots: CalendarSlot[];
  onSelectSlot?: (slot: CalendarSlot) => void;
  onSelectBooking?: (booking: CalendarBooking) => void;
}) {
  const days = daysOfWeek(weekStart);
  const todayKey = dayKey(new Date(), zone);

  const byDay = new Map<string, Unplaced[]>();
  const add = (start: Date, item: Unplaced) => {
    const key = dayKey(start, zone);
    byDay.set(key, [...(byDay.get(key) ?? []), item]);
  };
  for (const booking of bookings) add(booking.startsAt, { kind: "booking", start: booking.startsAt, end: booking.endsAt, booking });
  for (const slot of slots) add(slot.start, { kind: "slot", start: slot.start, end: slot.end, slot });

  let firstHour = DEFAULT_FIRST_HOUR;
  let lastHour = DEFAULT_LAST_HOUR;
  for (const items of byDay.values()) {
    for (const item of items) {
      const startMinute = minuteOfDay(item.start, zone);
      firstHour = Math.min(firstHour, Math.floor(startMinute / 60));
      lastHour = Math.max(lastHour, Math.min(24, Math.ceil((startMinute + durationMinutes(item.start, item.end)) / 60)));
    }
  }
  const hours = Array.from({ length: lastHour - firstHour }, (_, index) => firstHour + index);
  const heightPx = hours.length * HOUR_HEIGHT_PX;

  return (
    <div className="overflow-x-auto rounded-xl border bg-card shadow-xs" data-testid="week-calendar">
      <div className="grid min-w-[760px] grid-cols-[4rem_repeat(7,minmax(0,1fr))]">
        <div className="border-b" aria-hidden="true" />
        {days.map((day) => {
          const heading = formatDayHeading(day, zone);
          const isToday = dayKey(day, zone) === todayKey;
          return (
            <div key={day.getTime()} className="border-b border-l px-2 py-2 text-center" aria-hidden="true">
              <div className="text-xs font-medium text-muted-foreground uppercase">{heading.weekday}</div>
              <div className={cn("text-sm font-semibold", isToday && "text-primary")}>{heading.day}</div>
            </div>
          );
        })}

        <div className="relative" style={{ height: heightPx }} aria-hidden="true">
          {hours.map((hour, index) => (
            <div
              key={hour}
              className="absolute right-2 -translate-y-1/2 text-[11px] text-muted-foreground tabular-nums"
              style={{ top: index * HOUR_HEIGHT_PX }}
            >
              {index === 0 ? null : formatHour(hour)}
            </div>
          ))}
        </div>

        {days.map((day) => {
          const key = dayKey(day, zone);
          const placed = placeInLanes(byDay.get(key) ?? []);
          const label = formatDayLong(day, zone);
          return (
            <section
              key={day.getTime()}
              aria-label={label}
              className={cn("relative border-l", key === todayKey && "bg-primary/[0.03]")}
              style={{ height: heightPx }}
            >
              {hours.map((hour, index) => (
                <div
                  key={hour}
                  aria-hidden="true"
                  className="absolute inset-x-0 border-t border-dashed border-border/70"
                  style={{ top: index * HOUR_HEIGHT_PX }}
                />
              ))}
              {placed.length === 0 ? <p className="sr-only">Nothing this day.</p> : null}
              <ul className="contents">
                {placed.map((item) => {
                  const top = ((minuteOfDay(item.start, zone) - firstHour * 60) / 60) * HOUR_HEIGHT_PX;
                  const height = Math.max((durationMinutes(item.start, item.end) / 60) * HOUR_HEIGHT_PX, 20);
                  const style = {
                    top,
                    height,
                    left: `calc(${(item.lane / item.lanes) * 100}% + 2px)`,
                    width: `calc(${100 / item.lanes}% - 4px)`,
                  };
                  return (
                    <li key={`${item.kind}-${item.start.getTime()}-${item.kind === "booking" ? item.booking.id : ""}`} className="absolute" style={style}>
                      {item.kind === "slot" ? (
                        <button
                          type="button"
                          onClick={() => onSelectSlot?.(item.slot)}
                          disabled={!onSelectSlot}
                          aria-label={`Book ${formatSlot(item.start, zone)}`}
                          className="flex size-full items-start gap-1 overflow-hidden rounded-md border border-dashed border-success/50 bg-success/5 px-1.5 py-0.5 text-left text-[11px] font-medium text-success outline-none transition-colors hover:bg-success/15 focus-visible:ring-2 focus-visible:ring-ring"
                        >
                          <PlusIcon className="mt-px size-3 shrink-0" aria-hidden="true" />
                          {formatTime(item.start, zone, { withZone: false })}
                        </button>
                      ) : (
                        <button
                          type="button"
                          onClick={() => onSelectBooking?.(item.booking)}
                          data-testid="calendar-booking"
                          className={cn(
                            "flex size-full flex-col overflow-hidden rounded-md border-l-4 border px-1.5 py-0.5 text-left text-[11px] leading-tight outline-none focus-visible:ring-2 focus-visible:ring-ring",
                            BOOKING_TONES[item.booking.tone],
                          )}
                        >
                          <span className="truncate font-semibold">{item.booking.title}</span>
                          <span className="truncate opacity-80">
                            {formatTime(item.start, zone, { withZone: false })}
                            {item.booking.detail ? ` · ${item.booking.detail}` : ""}
                          </span>
                        </button>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
