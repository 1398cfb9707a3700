import type { WorkspaceContext } from "@/server/context";
import type { DomainEventRecord, EventSubscriber } from "@/server/events/subscribers";
import { originOf, type BookingPayload } from "@/server/events/payloads";
import { enqueue } from "@/server/jobs/enqueue";
import { bookingChangedJob, type BookingChange } from "@/server/jobs/booking-changed";

const CHANGES: Record<string, BookingChange> = { "booking.created": "created", "booking.rescheduled": "rescheduled", "booking.cancelled": "cancelled" };

/**
 * A booking created, moved or cancelled (by staff, the AI's tool or the lead's manage page) is a domain event written
 * in the change's transaction; this subscriber hands it to the `booking-changed` job, which replaces the reminders and
 * confirms to the lead. Nothing is sent inside the request, and a change whose fan-out missed Redis is swept later.
 * One job per event (its id), so a fan-out retried hands it over once. An appointment made or changed in GoHighLevel
 * (origin "gohighlevel") is GoHighLevel's to confirm and remind: nothing is sent from here, so the lead never gets two.
 */
export const bookingNoticeSubscriber: EventSubscriber = {
  name: "booking-notices",
  async handle(ctx: WorkspaceContext, event: DomainEventRecord) {
    const change = CHANGES[event.type];
    if (!change || originOf(event.data) === "gohighlevel") return;
    const booking = (event.data as { booking: BookingPayload }).booking;
    await enqueue(bookingChangedJob, { subAccountId: ctx.workspace.id, bookingId: booking.id, change, startsAt: booking.startsAt, eventId: String(event.id) });
  },
};
