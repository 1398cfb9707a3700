import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import type { z } from "zod";
import type { bookingSettingsSchema } from "@/schemas/users";
import { updateBookingRules } from "@/server/services/availability/update-schedule";

type BookingSettings = z.infer<typeof bookingSettingsSchema>;

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
  // The rules live on the availability schedule; a member without one gets the default hours in their timezone.
  return updateBookingRules(ctx, memberOf(ctx), input);
}
