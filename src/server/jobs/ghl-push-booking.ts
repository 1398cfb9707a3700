import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/** A booking made, moved or cancelled here, as an appointment in the chosen GoHighLevel calendar. */
export const ghlPushBookingJob = defineJob({
  name: "ghl-push-booking",
  queue: "default",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, integrationId: idSchema, bookingId: idSchema, eventId: z.string().min(1).max(19).regex(/^\d+$/) }).strict(),
  attempts: 6,
  backoff: { type: "exponential", delay: 10_000 },
  removeOnComplete: { age: 3_600, count: 5_000 },
  jobId: ({ integrationId, bookingId, eventId }) => `ghl-push-booking-${integrationId}-${bookingId}-${eventId}`,
  async process(ctx, { integrationId, bookingId }) {
    const { pushBookingToGhl } = await import("@/server/services/integrations/gohighlevel/push-booking");
    return pushBookingToGhl(ctx, { integrationId, bookingId });
  },
});
