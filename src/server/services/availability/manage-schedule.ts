import { WEEKDAYS, type ListOverridesInput, type SetOverrideInput, type TimeInterval, type UpdateScheduleInput, type WeeklyHours } from "@/schemas/bookings";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { resolveCalendarUser } from "./access";
import type { SlotRules } from "./compute-slots";
import { isUniqueViolation } from "@/server/db/errors";

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

const scheduleFields = {
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

/** Own schedule by default; managers and admins may read anyone's in the workspace. */
export async function getSchedule(ctx: WorkspaceContext, input: { userId?: number }) {
  const user = await resolveCalendarUser(ctx, input.userId, "manager");
  return { userId: user.id, ...(await loadSlotRules(ctx, user)) };
}

/** Own schedule, or anyone's for an admin. Booking rules left out keep their current values. */
export async function updateSchedule(ctx: WorkspaceContext, input: UpdateScheduleInput) {
  const user = await resolveCalendarUser(ctx, input.userId, "admin");
  const current = await loadSlotRules(ctx, user);
  const data = {
    timezone: input.timezone,
    weeklyHours: normalizeWeek(input.weeklyHours),
    slotMinutes: input.slotMinutes ?? current.slotMinutes,
    bufferBeforeMin: input.bufferBeforeMin ?? current.bufferBeforeMin,
    bufferAfterMin: input.bufferAfterMin ?? current.bufferAfterMin,
    minNoticeMinutes: input.minNoticeMinutes ?? current.minNoticeMinutes,
    maxPerDay: input.maxPerDay === undefined ? current.maxPerDay : input.maxPerDay,
  };
  const saved = await ctx.db.availabilitySchedule.upsert({
    where: { subAccountId_userId: { subAccountId: ctx.workspace.id, userId: user.id } },
    update: data,
    create: { ...data, subAccountId: ctx.workspace.id, userId: user.id },
    select: scheduleFields,
  });
  await auditInWorkspace(ctx, { action: "availability.schedule_updated", targetType: "User", targetId: user.id, changes: data });
  return { userId: user.id, ...saved, weeklyHours: normalizeWeek(saved.weeklyHours), isDefault: false };
}

/** Booking rules alone (slot length, buffers, notice, max per day), keeping the hours; used by users.updateMyBookingSettings. */
export async function updateBookingRules(
  ctx: WorkspaceContext,
  user: { id: number; timezone: string },
  rules: Pick<SlotRules, "slotMinutes" | "bufferBeforeMin" | "bufferAfterMin" | "minNoticeMinutes" | "maxPerDay">,
) {
  return ctx.db.availabilitySchedule.upsert({
    where: { subAccountId_userId: { subAccountId: ctx.workspace.id, userId: user.id } },
    update: rules,
    create: { ...rules, subAccountId: ctx.workspace.id, userId: user.id, timezone: user.timezone, weeklyHours: DEFAULT_WEEKLY_HOURS },
    select: { slotMinutes: true, bufferBeforeMin: true, bufferAfterMin: true, minNoticeMinutes: true, maxPerDay: true },
  });
}

const overrideFields = { id: true, userId: true, date: true, isDayOff: true, intervals: true, createdAt: true } as const;
const toDate = (key: string) => new Date(`${key}T00:00:00Z`);
const presentOverride = (o: { id: number; userId: number; date: Date; isDayOff: boolean; intervals: unknown; createdAt: Date }) => ({
  ...o,
  date: o.date.toISOString().slice(0, 10),
  intervals: (o.isDayOff ? [] : (o.intervals as TimeInterval[])) satisfies TimeInterval[],
});

/** A user's date overrides, oldest date first. Own by default; managers and admins may read anyone's. */
export async function listOverrides(ctx: WorkspaceContext, input: ListOverridesInput) {
  const user = await resolveCalendarUser(ctx, input.userId, "manager");
  const cursorRow = input.cursor
    ? await ctx.db.availabilityOverride.findFirst({ where: { id: input.cursor, userId: user.id }, select: { date: true } })
    : null;
  const rows = await ctx.db.availabilityOverride.findMany({
    where: {
      userId: user.id,
      date: {
        ...(input.from ? { gte: toDate(input.from) } : {}),
        ...(input.to ? { lte: toDate(input.to) } : {}),
        ...(cursorRow ? { gt: cursorRow.date } : {}),
      },
    },
    orderBy: { date: "asc" },
    take: input.limit + 1,
    select: overrideFields,
  });
  const items = rows.slice(0, input.limit).map(presentOverride);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Sets (creates or replaces) the override of one date. Own, or anyone's for an admin. */
export async function setOverride(ctx: WorkspaceContext, input: SetOverrideInput) {
  const user = await resolveCalendarUser(ctx, input.userId, "admin");
  const date = toDate(input.date);
  const intervals = input.isDayOff ? [] : [...input.intervals].sort((a, b) => a[0].localeCompare(b[0]));
  const existing = await ctx.db.availabilityOverride.findFirst({ where: { userId: user.id, date }, select: { id: true } });
  const saved = existing
    ? await ctx.db.availabilityOverride.update({ where: { id: existing.id }, data: { isDayOff: input.isDayOff, intervals }, select: overrideFields })
    : await ctx.db.availabilityOverride
        .create({ data: { subAccountId: ctx.workspace.id, userId: user.id, date, isDayOff: input.isDayOff, intervals }, select: overrideFields })
        .catch((e: unknown) => {
          if (isUniqueViolation(e)) throw AppError.field("date", "This date was just given an override. Reload and try again.");
          throw e;
        });
  await auditInWorkspace(ctx, {
    action: "availability.override_set",
    targetType: "User",
    targetId: user.id,
    changes: { date: input.date, isDayOff: input.isDayOff, intervals },
  });
  return presentOverride(saved);
}

export async function removeOverride(ctx: WorkspaceContext, input: { id: number }) {
  const override = await ctx.db.availabilityOverride.findUnique({ where: { id: input.id }, select: overrideFields });
  if (!override) throw new AppError("NOT_FOUND", "No such date override in this workspace.");
  await resolveCalendarUser(ctx, override.userId, "admin");
  await ctx.db.availabilityOverride.delete({ where: { id: override.id } });
  await auditInWorkspace(ctx, {
    action: "availability.override_removed",
    targetType: "User",
    targetId: override.userId,
    changes: { date: presentOverride(override).date },
  });
  return { id: override.id };
}
