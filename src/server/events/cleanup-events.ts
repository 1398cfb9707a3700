import type { RequestContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";

/** Dispatched domain events, and finished webhook deliveries (the delivery log), are kept this long. */
export const EVENT_RETENTION_DAYS = 30;
export const DELIVERY_RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600_000;
/** Rows deleted per statement: short transactions, locks held briefly, the log's pages stay readable meanwhile. */
const BATCH = 2_000;

/**
 * Platform job, across workspaces (hence unsafeDb): deletes domain events dispatched more than EVENT_RETENTION_DAYS
 * ago (an event nobody dispatched yet is never deleted, however old: the sweep still owes it its fan-out) and webhook
 * deliveries that finished (succeeded or failed for good) and were created more than DELIVERY_RETENTION_DAYS ago (a
 * pending one, still retrying, stays). In batches, oldest first. A delivery keeps its own copy of the body, so the
 * log's remaining rows never need their event.
 */
export async function cleanupDeliveredEvents(_ctx: RequestContext, input: { now?: Date } = {}) {
  const now = input.now ?? new Date();
  const eventCutoff = new Date(now.getTime() - EVENT_RETENTION_DAYS * DAY_MS);
  const deliveryCutoff = new Date(now.getTime() - DELIVERY_RETENTION_DAYS * DAY_MS);
  let events = 0;
  for (;;) {
    const rows = await unsafeDb.domainEvent.findMany({
      where: { dispatchedAt: { not: null, lt: eventCutoff } },
      orderBy: { dispatchedAt: "asc" },
      take: BATCH,
      select: { id: true },
    });
    if (rows.length === 0) break;
    events += (await unsafeDb.domainEvent.deleteMany({ where: { id: { in: rows.map((r) => r.id) }, dispatchedAt: { not: null } } })).count;
    if (rows.length < BATCH) break;
  }
  let deliveries = 0;
  for (;;) {
    const rows = await unsafeDb.webhookDelivery.findMany({
      where: { createdAt: { lt: deliveryCutoff }, status: { in: ["succeeded", "failed"] } },
      orderBy: { createdAt: "asc" },
      take: BATCH,
      select: { id: true },
    });
    if (rows.length === 0) break;
    deliveries += (await unsafeDb.webhookDelivery.deleteMany({ where: { id: { in: rows.map((r) => r.id) }, status: { in: ["succeeded", "failed"] } } })).count;
    if (rows.length < BATCH) break;
  }
  return { events, deliveries };
}
