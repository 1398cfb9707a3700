import { WEEKDAYS, type TimeInterval, type WeeklyHours } from "@/schemas/bookings";
import type { WorkspaceContext } from "@/server/context";
import type { SlotRules } from "./compute-slots";

const NINE_TO_FIVE: TimeInterval[] = [["09:00", "17:00"]];

/** What a member without a saved schedule works: Monday to Friday, 09:00–17:00 in their own timezone. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  mon: NINE_TO_FIVE,
  tue: NINE_TO_FIVE,
  wed: NINE_TO_FIVE,
  thu: NINE_TO_FIVE,
  fri: NINE_TO_FIVE,
  sat: [],
  sun: [],
};

export const DEFAULT_RULES = { slotMinutes: 30, bufferBeforeMin: 0, bufferAfterMin: 0, minNoticeMinutes: 60, maxPerDay: null };

export const scheduleFields = {
  timezone: true,
  weeklyHours: true,
  slotMinutes: true,
  bufferBeforeMin: true,
  bufferAfterMin: true,
  minNoticeMinutes: true,
  maxPerDay: true,
} as const;

/** Every weekday present, sorted intervals (stored JSON may come from older writers). */
export function normalizeWeek(stored: unknown): WeeklyHours {
  const week = (stored ?? {}) as Partial<Record<string, TimeInterval[]>>;
  return Object.fromEntries(
    WEEKDAYS.map((d) => [d, [...(Array.isArray(week[d]) ? week[d] : [])].sort((a, b) => a[0].localeCompare(b[0]))]),
  ) as WeeklyHours;
}

/** The rules slots and bookings follow for one user: their saved schedule, or the default in their own timezone. */
export async function loadSlotRules(ctx: WorkspaceContext, user: { id: number; timezone: string }): Promise<SlotRules & { isDefault: boolean }> {
  const saved = await ctx.db.availabilitySchedule.findUnique({
    where: { subAccountId_userId: { subAccountId: ctx.workspace.id, userId: user.id } },
    select: scheduleFields,
  });
  if (!saved) return { timezone: user.timezone, weeklyHours: DEFAULT_WEEKLY_HOURS, ...DEFAULT_RULES, isDefault: true };
  return { ...saved, weeklyHours: normalizeWeek(saved.weeklyHours), isDefault: false };
}
