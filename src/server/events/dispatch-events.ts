import { enqueueMany } from "@/server/jobs/enqueue";
import { fanOutDomainEventJob } from "@/server/jobs/fan-out-domain-event";
import { logger } from "@/server/logger";

export interface PendingEvent {
  id: bigint;
  subAccountId: number;
}

/**
 * Queues the fan-out of committed events: one job per event, its id derived from the event's (so queueing twice is a
 * no-op, and an event whose job is still waiting or running is not queued again), all of them in one round trip to
 * Redis (addBulk). Never throws: when Redis refuses, the events stay undispatched and the sweep queues them later.
 */
export async function dispatchEvents(events: readonly PendingEvent[]): Promise<void> {
  if (!events.length) return;
  await enqueueMany(
    fanOutDomainEventJob,
    events.map(({ id, subAccountId }) => ({ subAccountId, eventId: id.toString() })),
  ).catch((e: unknown) =>
    logger.warn(
      { err: { message: (e as Error).message }, eventIds: events.slice(0, 20).map((e) => e.id.toString()), events: events.length },
      "event fan-out not queued; the sweep will queue it",
    ),
  );
}
