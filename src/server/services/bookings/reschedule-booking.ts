import type { RescheduleBookingInput } from "@/schemas/bookings";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { emitBookingRescheduled } from "@/server/events/emit";
import { assertBookable, bookingFields, calendarUserForBooking, changeableBooking, translateWriteError, withinBookingTurn } from "./booking-writes";

type Booking = Awaited<ReturnType<typeof changeableBooking>>;
type CalendarUser = { id: number; name: string; timezone: string; isActive: boolean };

export async function rescheduleBooking(ctx: WorkspaceContext, input: RescheduleBookingInput) {
  const booking = await changeableBooking(ctx, input.id);
  assertReschedulable(booking);
  const user = await calendarUserForBooking(ctx, booking.userId);
  return moveBooking(ctx, booking, user, input);
}

/**
 * The lead moves their own booking (the public manage page, behind its signed link): nobody signs in, so the caller
 * check of rescheduleBooking does not apply; the member must still be active, and the free-slot rule, the daily
 * maximum's turn and the overlap constraint hold exactly as for staff.
 */
export async function rescheduleBookingForLead(ctx: WorkspaceContext, input: { id: number; startsAt: Date; endsAt: Date }) {
  const booking = await ctx.db.booking.findUnique({ where: { id: input.id }, select: bookingFields });
  if (!booking) throw new AppError("NOT_FOUND", "This booking no longer exists.");
  assertReschedulable(booking);
  const user = await ctx.db.user.findUnique({ where: { id: booking.userId }, select: { id: true, name: true, timezone: true, isActive: true } });
  if (!user?.isActive) throw new AppError("PRECONDITION_FAILED", "This booking can no longer be moved online; contact us to change it.");
  return moveBooking(ctx, booking, user, { id: booking.id, startsAt: input.startsAt, endsAt: input.endsAt });
}

function assertReschedulable(booking: Booking) {
  if (booking.status !== "pending" && booking.status !== "confirmed") {
    throw new AppError("PRECONDITION_FAILED", `A ${booking.status.replace("_", "-")} booking cannot be rescheduled.`);
  }
}

/** The move itself: checked and written in the member's turn, conditional on the booking still being active. */
async function moveBooking(ctx: WorkspaceContext, booking: Booking, user: CalendarUser, input: RescheduleBookingInput) {
  const { endsAt, updated } = await withinBookingTurn(ctx, user, async (turn, tx) => {
    const end = await assertBookable(turn, user, input.startsAt, input.endsAt, booking.id);
    const rows = await turn.db.booking
      .updateManyAndReturn({
        where: { id: booking.id, status: { in: ["pending", "confirmed"] } },
        // A new SEQUENCE: calendars that got the earlier invite take the moved one.
        data: { startsAt: input.startsAt, endsAt: end, sequence: { increment: 1 }, ...(input.timezone ? { timezone: input.timezone } : {}) },
        select: { id: true },
      })
      .catch(translateWriteError);
    if (rows.length) await emitBookingRescheduled(tx, ctx.workspace.id, booking.id, booking);
    return { endsAt: end, updated: rows };
  });
  if (!updated.length) throw new AppError("CONFLICT", "This booking changed meanwhile. Reload and try again.");
  await auditInWorkspace(ctx, {
    action: "booking.rescheduled",
    targetType: "Booking",
    targetId: booking.id,
    changes: { from: booking.startsAt.toISOString(), to: input.startsAt.toISOString(), endsAt: endsAt.toISOString() },
  });
  return ctx.db.booking.findUniqueOrThrow({ where: { id: booking.id }, select: bookingFields });
}
