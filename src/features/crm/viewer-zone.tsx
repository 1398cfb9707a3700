"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";

import {
  formatDate,
  formatDateTime,
  formatSlot,
  formatTime,
  formatTimeRange,
  leadLocalTime,
  toDate,
  zoneDisplayName,
  type DateLike,
} from "@/lib/time";

/**
 * The viewer's profile zone, given by the server layout from the signed-in account, so the first server render and
 * the browser's render format every time in the same zone (never the browser's own). Saving the profile refreshes
 * the layout, which hands down the new zone.
 */
const ViewerZoneContext = createContext<string | null>(null);

export function ViewerZoneProvider({ zone, children }: { zone: string; children: ReactNode }) {
  return <ViewerZoneContext.Provider value={zone}>{children}</ViewerZoneContext.Provider>;
}

/** The IANA zone every time on the viewer's screens is shown in. */
export function useViewerZone(): string {
  const zone = useContext(ViewerZoneContext);
  if (!zone) throw new Error("useViewerZone needs a ViewerZoneProvider (the signed-in layouts give one).");
  return zone;
}

/** The formatters of src/lib/time.ts bound to the viewer's zone. */
export function useViewerTime() {
  const zone = useViewerZone();
  return useMemo(
    () => ({
      zone,
      dateTime: (value: DateLike, fallback?: string) => formatDateTime(value, zone, fallback),
      date: (value: DateLike, fallback?: string) => formatDate(value, zone, fallback),
      time: (value: Date, options?: { withZone?: boolean }) => formatTime(value, zone, options),
      slot: (value: Date) => formatSlot(value, zone),
      range: (start: Date, end: Date) => formatTimeRange(start, end, zone),
      leadLocal: (value: DateLike, leadZone: string | null | undefined) => leadLocalTime(value, zone, leadZone),
    }),
    [zone],
  );
}

/**
 * A time on screen: "Dec 3, 2026, 10:00 AM EST" in the viewer's zone (or as `display` formats it), followed by the
 * lead's own clock when `leadZone` shows another one ("· 4:00 PM CET lead's time").
 */
export function ZonedTime({
  value,
  leadZone,
  display = "dateTime",
  fallback = "—",
  className,
}: {
  value: DateLike;
  leadZone?: string | null;
  display?: "dateTime" | "slot" | "date";
  fallback?: string;
  className?: string;
}) {
  const time = useViewerTime();
  const date = toDate(value);
  if (!date) return <span className={className}>{fallback}</span>;
  const text = display === "slot" ? time.slot(date) : display === "date" ? time.date(date) : time.dateTime(date);
  return (
    <span className={className}>
      <time
        dateTime={date.toISOString()}
        title={display === "date" ? `${time.dateTime(date)} (${zoneDisplayName(time.zone)})` : zoneDisplayName(time.zone)}
      >
        {text}
      </time>
      <LeadClock value={date} leadZone={leadZone} />
    </span>
  );
}

/**
 * "· 4:00 PM CET lead's time" beside a time in the viewer's zone (`block`: on its own line under it, for narrow
 * table cells); nothing when the lead's clock shows the same.
 */
export function LeadClock({ value, leadZone, block = false }: { value: DateLike; leadZone: string | null | undefined; block?: boolean }) {
  const zone = useViewerZone();
  const text = leadLocalTime(value, zone, leadZone);
  if (!text) return null;
  if (block) {
    return (
      <span className="block text-xs text-muted-foreground" data-testid="lead-local-time">
        {text} lead&apos;s time
      </span>
    );
  }
  return (
    <span className="text-muted-foreground" data-testid="lead-local-time">
      {" · "}
      {text} lead&apos;s time
    </span>
  );
}
