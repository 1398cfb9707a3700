import { z } from "zod";
import { DAILY_MAINTENANCE_JOB, defineJob } from "./define";

/**
 * Deletes domain events dispatched more than 30 days ago and finished webhook deliveries (the delivery log) older than
 * 30 days, in batches, across workspaces (daily). Never an event still waiting for its fan-out, never a pending delivery.
 */
export const cleanupDeliveredEventsJob = defineJob({
  name: "cleanup-delivered-events",
  queue: "default",
  scope: "platform",
  payload: z.object({}).strict(),
  ...DAILY_MAINTENANCE_JOB,
  repeat: { pattern: "30 4 * * *", tz: "UTC", data: {} },
  async process(ctx) {
    const { cleanupDeliveredEvents } = await import("@/server/events/cleanup-events");
    return cleanupDeliveredEvents(ctx);
  },
});
