import type { BookingStatus } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { emitBookingCancelled } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { bookingFields, changeableBooking } from "./booking-writes";

type StatusAction = "confirm" | "cancel" | "complete" | "noShow";

const TRANSITIONS: Record<StatusAction, { to: BookingStatus; from: BookingStatus[]; mustHaveStarted: boolean; verb: string }> = {
  confirm: { to: "confirmed", from: ["pending"], mustHaveStarted: false, verb: "confirmed" },
  cancel: { to: "cancelled", from: ["pending", "confirmed"], mustHaveStarted: false, verb: "cancelled" },
  complete: { to: "completed", from: ["pending", "confirmed"], mustHaveStarted: true, verb: "completed" },
  noShow: { to: "no_show", from: ["pending", "confirmed"], mustHaveStarted: true, verb: "marked as a no-show" },
};

/**
 * pending -> confirmed | cancelled | completed | no_show;  confirmed -> cancelled | completed | no_show;
 * cancelled, completed and no_show are final. Completed and no-show need the booking to have started.
 * The update is conditional on the current status, so two racing changes cannot both apply.
 */
export async function changeBookingStatus(ctx: WorkspaceContext, id: number, action: StatusAction) {
  const booking = await changeableBooking(ctx, id);
  return applyStatusChange(ctx, booking, action);
}

/** The lead cancels their own booking (the public manage page, behind its signed link). */
export async function cancelBookingForLead(ctx: WorkspaceContext, id: number) {
  const booking = await ctx.db.booking.findUnique({ where: { id }, select: bookingFields });
  if (!booking) throw new AppError("NOT_FOUND", "This booking no longer exists.");
  if (booking.endsAt.getTime() <= Date.now()) throw new AppError("PRECONDITION_FAILED", "This booking is over; there is nothing to cancel.");
  return applyStatusChange(ctx, booking, "cancel");
}

async function applyStatusChange(ctx: WorkspaceContext, booking: { id: number; status: BookingStatus; startsAt: Date }, action: StatusAction) {
  const rule = TRANSITIONS[action];
  const id = booking.id;
  const refuse = (status: BookingStatus) =>
    new AppError("PRECONDITION_FAILED", `A ${status.replace("_", "-")} booking cannot be ${rule.verb}.`);
  if (!rule.from.includes(booking.status)) throw refuse(booking.status);
  if (rule.mustHaveStarted && booking.startsAt.getTime() > Date.now()) {
    throw new AppError("PRECONDITION_FAILED", `A booking cannot be ${rule.verb} before it starts.`);
  }
  // A cancellation is a new version of the calendar invite (METHOD:CANCEL with the next SEQUENCE).
  const data = rule.to === "cancelled" ? { status: rule.to, sequence: { increment: 1 } } : { status: rule.to };
  const count = await transactionWithEvents(ctx.db, async (tx) => {
    const { count } = await tx.booking.updateMany({ where: { id, status: { in: rule.from } }, data });
    if (count && rule.to === "cancelled") await emitBookingCancelled(tx, ctx.workspace.id, id, booking.status);
    return count;
  });
  if (count === 0) {
    const now = await ctx.db.booking.findUniqueOrThrow({ where: { id }, select: { status: true } });
    throw refuse(now.status);
  }
  await auditInWorkspace(ctx, { action: `booking.${rule.to}`, targetType: "Booking", targetId: id, changes: { from: booking.status, to: rule.to } });
  return ctx.db.booking.findUniqueOrThrow({ where: { id }, select: bookingFields });
}
