import { unsafeDb } from "@/server/db/client";
import { dispatchEvents } from "./dispatch-events";

/** Events older than this without a fan-out are queued again (younger ones are normally still on their way). */
const GRACE_MS = 30_000;
const BATCH = 1_000;

/**
 * Across workspaces: queues the fan-out of committed events nobody dispatched (their job never reached Redis, or was
 * removed unfinished). Job ids per event make a duplicate harmless.
 */
export async function sweepUndispatchedEvents() {
  const events = await unsafeDb.domainEvent.findMany({
    where: { dispatchedAt: null, createdAt: { lt: new Date(Date.now() - GRACE_MS) } },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, subAccountId: true },
  });
  await dispatchEvents(events);
  return { queued: events.length };
}
