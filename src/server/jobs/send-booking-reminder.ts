import { DelayedError } from "bullmq";
import { z } from "zod";
import { reminderOffsetSchema } from "@/schemas/bookings";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/**
 * A reminder of a booking, `offsetMinutes` before it starts: a delayed job under one id per booking and offset,
 * replaced when the booking moves and removed when it is cancelled. It reads the booking when it runs and sends
 * nothing for a cancelled, moved or past booking (the database has the last word even if a removal failed); a
 * booking moved later puts the job back to the new time.
 */
export const sendBookingReminderJob = defineJob({
  name: "send-booking-reminder",
  queue: "messaging",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, bookingId: idSchema, offsetMinutes: reminderOffsetSchema }).strict(),
  attempts: 5,
  backoff: { type: "exponential", delay: 5_000 },
  jobId: ({ bookingId, offsetMinutes }) => bookingReminderJobId(bookingId, offsetMinutes),
  async process(ctx, payload) {
    const { sendBookingReminder } = await import("@/server/services/bookings/booking-messages");
    const outcome = await sendBookingReminder(ctx, payload);
    if (!("runAt" in outcome)) return outcome;
    await ctx.job.moveToDelayed(outcome.runAt.getTime(), ctx.job.token);
    throw new DelayedError();
  },
});

export function bookingReminderJobId(bookingId: number, offsetMinutes: number): string {
  return `booking-reminder-${bookingId}-${offsetMinutes}m`;
}
