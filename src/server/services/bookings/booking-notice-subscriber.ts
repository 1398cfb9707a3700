import type { WorkspaceContext } from "@/server/context";
import type { DomainEventRecord, EventSubscriber } from "@/server/events/subscribers";
import { originOf, type BookingPayload } from "@/server/events/payloads";
import { enqueue } from "@/server/jobs/enqueue";
import { bookingChangedJob, type BookingChange } from "@/server/jobs/booking-changed";

const CHANGES: Record<string, BookingChange> = { "booking.created": "created", "booking.rescheduled": "rescheduled", "booking.cancelled": "cancelled" };

/**
 * A booking created, moved or cancelled (by staff, the AI's tool, the lead's manage page or GoHighLevel) is a domain
 * event written in the change's transaction; this subscriber hands it to the `booking-changed` job, which replaces the
 * reminders and confirms to the lead. Nothing is sent inside the request, and a change whose fan-out missed Redis is
 * swept later. One job per event (its id), so a fan-out retried hands it over once. The reminders follow every change,
 * whatever its origin (a booking moved or cancelled in GoHighLevel is reminded at its new time, or not at all); a change
 * made in GoHighLevel (origin "gohighlevel") is not confirmed from here: GoHighLevel tells the lead itself, and the
 * lead never gets two.
 */
export const bookingNoticeSubscriber: EventSubscriber = {
  name: "booking-notices",
  wants: (type) => type in CHANGES,
  async handle(ctx: WorkspaceContext, event: DomainEventRecord) {
    const change = CHANGES[event.type];
    if (!change) return;
    const booking = (event.data as { booking: BookingPayload }).booking;
    const confirm = originOf(event.data) !== "gohighlevel";
    await enqueue(bookingChangedJob, { subAccountId: ctx.workspace.id, bookingId: booking.id, change, startsAt: booking.startsAt, eventId: String(event.id), ...(confirm ? {} : { confirm: false }) });
  },
};
