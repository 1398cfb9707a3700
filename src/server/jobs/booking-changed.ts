import { z } from "zod";
import { idSchema, wholeNumber } from "@/schemas/common";
import { defineJob } from "./define";
import { MESSAGING_RETRIES } from "./send-sms";

export const BOOKING_CHANGES = ["created", "rescheduled", "cancelled"] as const;
export type BookingChange = (typeof BOOKING_CHANGES)[number];

/**
 * A booking was created, moved or cancelled: its reminders are replaced (or removed) to match the booking as it is
 * now, then the lead gets the confirmation on their channel (services/bookings/booking-messages.ts). One job per
 * version of the booking (its calendar SEQUENCE), so a retry confirms once. Queued without a JobRun.
 */
export const bookingChangedJob = defineJob({
  name: "booking-changed",
  queue: "messaging",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z
    .object({ subAccountId: idSchema, bookingId: idSchema, change: z.enum(BOOKING_CHANGES), sequence: wholeNumber(0, 2_147_483_647, "The sequence") })
    .strict(),
  ...MESSAGING_RETRIES,
  jobId: ({ bookingId, sequence, change }) => `booking-changed-${bookingId}-${sequence}-${change}`,
  async process(ctx, payload) {
    const { confirmBookingChange } = await import("@/server/services/bookings/booking-messages");
    return confirmBookingChange(ctx, payload);
  },
});
