import type { Prisma } from "@/generated/prisma/client";
import { bookingReminderSettingsSchema, DEFAULT_BOOKING_REMINDERS, type BookingReminderSettings } from "@/schemas/bookings";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";

/** A workspace's reminder rules (`SubAccount.settings.bookingReminders`), the defaults when unset or unreadable. */
export function reminderSettingsOf(settings: unknown): BookingReminderSettings {
  const stored = (settings as { bookingReminders?: unknown } | null)?.bookingReminders;
  const parsed = bookingReminderSettingsSchema.safeParse(stored);
  return parsed.success ? { ...parsed.data, offsetsMinutes: [...parsed.data.offsetsMinutes].sort((a, b) => b - a) } : { ...DEFAULT_BOOKING_REMINDERS };
}

export async function getReminderSettings(ctx: WorkspaceContext): Promise<BookingReminderSettings> {
  const workspace = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  return reminderSettingsOf(workspace.settings);
}

/**
 * Saved for the bookings made from now on and for those already scheduled: a reminder job reads these rules when it
 * runs, so one whose time was taken out sends nothing.
 */
export async function updateReminderSettings(ctx: WorkspaceContext, input: BookingReminderSettings): Promise<BookingReminderSettings> {
  const current = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const settings = (current.settings ?? {}) as Record<string, unknown>;
  const bookingReminders = { enabled: input.enabled, offsetsMinutes: [...input.offsetsMinutes].sort((a, b) => b - a) };
  await ctx.db.subAccount.update({ where: { id: ctx.workspace.id }, data: { settings: { ...settings, bookingReminders } as Prisma.InputJsonValue }, select: { id: true } });
  await auditInWorkspace(ctx, { action: "bookings.reminders_updated", targetType: "SubAccount", targetId: ctx.workspace.id, changes: bookingReminders });
  return bookingReminders;
}
