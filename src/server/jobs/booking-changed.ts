import { z } from "zod";
import { dateTimeSchema, idSchema, storableText } from "@/schemas/common";
import { defineJob } from "./define";
import { MESSAGING_RETRIES } from "./send-sms";

export const BOOKING_CHANGES = ["created", "rescheduled", "cancelled"] as const;
export type BookingChange = (typeof BOOKING_CHANGES)[number];

/**
 * A booking was created, moved or cancelled (its domain event, handed over by services/bookings/booking-notice-subscriber.ts):
 * its reminders are replaced (or removed) to match the booking as it is now, then the lead gets the confirmation on
 * their channel (services/bookings/booking-messages.ts), unless `confirm` is false (a change made in GoHighLevel,
 * which tells the lead itself). One job per event, so a retry confirms once.
 */
export const bookingChangedJob = defineJob({
  name: "booking-changed",
  queue: "messaging",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z
    .object({
      subAccountId: idSchema,
      bookingId: idSchema,
      change: z.enum(BOOKING_CHANGES),
      /** The start this change gave the booking: a confirmation of a time the booking has left since is skipped. */
      startsAt: dateTimeSchema,
      eventId: z.string().max(19).regex(/^\d+$/).check(storableText),
      /** False: only the reminders follow the change, no confirmation (absent: confirmed, as jobs queued before it). */
      confirm: z.literal(false).optional(),
    })
    .strict(),
  ...MESSAGING_RETRIES,
  jobId: ({ eventId }) => `booking-changed-event-${eventId}`,
  async process(ctx, payload) {
    const { confirmBookingChange } = await import("@/server/services/bookings/booking-messages");
    return confirmBookingChange(ctx, payload);
  },
});
