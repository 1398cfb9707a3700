import type { RescheduleBookingInput } from "@/schemas/bookings";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { emitBookingRescheduled } from "@/server/events/emit";
import { assertBookable, bookingFields, calendarUserForBooking, changeableBooking, translateWriteError, withinBookingTurn } from "./booking-writes";

export async function rescheduleBooking(ctx: WorkspaceContext, input: RescheduleBookingInput) {
  const booking = await changeableBooking(ctx, input.id);
  if (booking.status !== "pending" && booking.status !== "confirmed") {
    throw new AppError("PRECONDITION_FAILED", `A ${booking.status.replace("_", "-")} booking cannot be rescheduled.`);
  }
  const user = await calendarUserForBooking(ctx, booking.userId);
  const { endsAt, updated } = await withinBookingTurn(ctx, user, async (turn, tx) => {
    const end = await assertBookable(turn, user, input.startsAt, input.endsAt, booking.id);
    const rows = await turn.db.booking
      .updateManyAndReturn({
        where: { id: booking.id, status: { in: ["pending", "confirmed"] } },
        data: { startsAt: input.startsAt, endsAt: end, ...(input.timezone ? { timezone: input.timezone } : {}) },
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
