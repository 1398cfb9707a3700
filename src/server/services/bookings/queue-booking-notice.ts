import type { WorkspaceContext } from "@/server/context";
import { enqueue } from "@/server/jobs/enqueue";
import { bookingChangedJob, type BookingChange } from "@/server/jobs/booking-changed";

/**
 * After a booking is created, moved or cancelled (by staff, the AI's tool or the lead's manage page), the worker
 * confirms it to the lead and replaces its reminders (`booking-changed`). Nothing is sent inside the request.
 * The booking is already committed: when Redis refuses the job the change stands and the failure is logged.
 */
export async function queueBookingNotice(ctx: WorkspaceContext, booking: { id: number; sequence: number }, change: BookingChange) {
  try {
    await enqueue(bookingChangedJob, { subAccountId: ctx.workspace.id, bookingId: booking.id, change, sequence: booking.sequence });
  } catch (e) {
    ctx.log.error({ err: { message: (e as Error).message }, bookingId: booking.id, change }, "booking confirmation not queued");
  }
}
