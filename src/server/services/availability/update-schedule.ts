import { type UpdateScheduleInput } from "@/schemas/bookings";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { resolveCalendarUser } from "./access";
import type { SlotRules } from "./compute-slots";
import { DEFAULT_WEEKLY_HOURS, loadSlotRules, normalizeWeek, scheduleFields } from "./schedule-rules";

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
