import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import type { z } from "zod";
import type { bookingSettingsSchema } from "@/schemas/users";

type BookingSettings = z.infer<typeof bookingSettingsSchema>;

const DEFAULT_WEEK = { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] };
const fields = { slotMinutes: true, bufferBeforeMin: true, bufferAfterMin: true, minNoticeMinutes: true, maxPerDay: true } as const;

function memberOf(ctx: WorkspaceContext) {
  if (ctx.account?.kind !== "user") throw new AppError("FORBIDDEN", "Booking settings belong to members of the workspace.");
  return ctx.account;
}

export async function getMyBookingSettings(ctx: WorkspaceContext): Promise<BookingSettings> {
  const member = memberOf(ctx);
  const schedule = await ctx.db.availabilitySchedule.findUnique({
    where: { subAccountId_userId: { subAccountId: ctx.workspace.id, userId: member.id } },
    select: fields,
  });
  return schedule ?? { slotMinutes: 30, bufferBeforeMin: 0, bufferAfterMin: 0, minNoticeMinutes: 60, maxPerDay: null };
}

export async function updateMyBookingSettings(ctx: WorkspaceContext, input: BookingSettings) {
  const member = memberOf(ctx);
  return ctx.db.availabilitySchedule.upsert({
    where: { subAccountId_userId: { subAccountId: ctx.workspace.id, userId: member.id } },
    update: input,
    create: { ...input, subAccountId: ctx.workspace.id, userId: member.id, timezone: member.timezone, weeklyHours: DEFAULT_WEEK },
    select: fields,
  });
}
