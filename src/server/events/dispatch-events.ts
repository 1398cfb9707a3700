import { enqueue } from "@/server/jobs/enqueue";
import { fanOutDomainEventJob } from "@/server/jobs/fan-out-domain-event";
import { logger } from "@/server/logger";

export interface PendingEvent {
  id: bigint;
  subAccountId: number;
}

/**
 * Queues the fan-out of committed events (one job per event, its id derived from the event's, so queueing twice is a
 * no-op). Never throws: when Redis refuses, the events stay undispatched and the sweep queues them later.
 */
export async function dispatchEvents(events: readonly PendingEvent[]): Promise<void> {
  for (const { id, subAccountId } of events) {
    await enqueue(fanOutDomainEventJob, { subAccountId, eventId: id.toString() }).catch((e: unknown) =>
      logger.warn({ err: { message: (e as Error).message }, eventId: id.toString() }, "event fan-out not queued; the sweep will queue it"),
    );
  }
}
