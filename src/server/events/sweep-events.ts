import { unsafeDb } from "@/server/db/client";
import { fanOutDomainEventJob } from "@/server/jobs/fan-out-domain-event";
import { jobsHeld } from "@/server/jobs/queues";
import type { DomainEventType } from "@/lib/domain-events";
import { dispatchEvents } from "./dispatch-events";

/** Events older than this without a fan-out are looked at (younger ones are normally still on their way). */
const GRACE_MS = 30_000;
const BATCH = 1_000;

/**
 * Across workspaces: queues the fan-out of committed events nobody dispatched (their job never reached Redis, or was
 * removed unfinished). An event whose job Redis still holds (waiting behind a backlog, running, retrying) is hot, not
 * lost: it is left alone (one pipelined EXISTS per batch), so a backlog is not re-queued every minute. Job ids per
 * event make a duplicate harmless anyway.
 */
export async function sweepUndispatchedEvents() {
  const events = await unsafeDb.domainEvent.findMany({
    where: { dispatchedAt: null, createdAt: { lt: new Date(Date.now() - GRACE_MS) } },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, subAccountId: true, type: true },
  });
  if (!events.length) return { queued: 0, inQueue: 0 };
  const jobIds = events.map((e) => fanOutDomainEventJob.jobId!({ subAccountId: e.subAccountId, eventId: e.id.toString() }));
  const held = await jobsHeld(fanOutDomainEventJob.queue, jobIds).catch(() => events.map(() => false));
  // A type no longer known is handed to the fan-out, which fails it in words.
  const lost = events.filter((_, i) => !held[i]).map((e) => ({ ...e, type: e.type as DomainEventType }));
  await dispatchEvents(lost);
  return { queued: lost.length, inQueue: events.length - lost.length };
}
