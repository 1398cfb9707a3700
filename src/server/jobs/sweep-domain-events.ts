import { z } from "zod";
import { defineJob, MAINTENANCE_JOB } from "./define";

/** Queues the fan-out of events committed while Redis could not take their job (see events/sweep-events.ts). */
export const sweepDomainEventsJob = defineJob({
  name: "sweep-domain-events",
  queue: "default",
  scope: "platform",
  payload: z.object({}).strict(),
  ...MAINTENANCE_JOB,
  repeat: { every: 60 * 1000, data: {} },
  async process() {
    const { sweepUndispatchedEvents } = await import("@/server/events/sweep-events");
    return sweepUndispatchedEvents();
  },
});
