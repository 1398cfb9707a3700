import { TZDate } from "@date-fns/tz";

export interface QuietHours {
  enabled: boolean;
  /** "HH:MM" on the lead's wall clock; the window may wrap past midnight (21:00-08:00). */
  start: string;
  end: string;
}

const minutesOf = (clock: string) => {
  const [h, m] = clock.split(":").map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * Whether `now` falls inside quiet hours on the wall clock of `zone`, and if so the first instant they end: the end
 * time on that zone's calendar, converted back to an instant by @date-fns/tz, so the answer stays right on the nights
 * the clocks change (an end time that does not exist that night moves forward with the clock).
 */
export function quietHoursEnd(now: Date, zone: string, quiet: QuietHours): Date | null {
  if (!quiet.enabled) return null;
  const local = new TZDate(now.getTime(), zone);
  const minute = local.getHours() * 60 + local.getMinutes();
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const wraps = start > end;
  const inside = wraps ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return null;
  // Before midnight in a wrapping window, the quiet hours end tomorrow.
  const dayOffset = wraps && minute >= start ? 1 : 0;
  const endsAt = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + dayOffset, Math.floor(end / 60), end % 60, 0, zone);
  return new Date(endsAt.getTime());
}

/** The lead's own zone when it is a zone this machine knows, else the workspace's. */
export function zoneForLead(leadZone: string | null, workspaceZone: string): string {
  if (leadZone) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: leadZone });
      return leadZone;
    } catch {
      // An unknown zone name stored on the lead: fall back below.
    }
  }
  return workspaceZone;
}
