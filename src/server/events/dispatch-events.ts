import { Prisma } from "@/server/db/client";
import { tenantDb } from "@/server/db/tenant";
import type { DomainEventType } from "@/lib/domain-events";
import { enqueueMany } from "@/server/jobs/enqueue";
import { fanOutDomainEventJob } from "@/server/jobs/fan-out-domain-event";
import { logger } from "@/server/logger";

/**
 * Loaded on first use: the subscribers' modules (bookings, webhooks, integrations) themselves record events, so a
 * static import here would be a cycle whose evaluation order depends on the entry point.
 */
let subscribersModule: Promise<typeof import("./subscribers")> | undefined;

export interface PendingEvent {
  id: bigint;
  subAccountId: number;
  type: DomainEventType;
}

/**
 * Queues the fan-out of committed events: one job per event, its id derived from the event's (so queueing twice is a
 * no-op, and an event whose job is still waiting or running is not queued again), all of them in one round trip to
 * Redis (addBulk). An event no subscriber wants (a message in a workspace without webhooks, say) is marked dispatched
 * instead, one statement per workspace, and never queued. Never throws: when Redis refuses, the events stay
 * undispatched and the sweep queues them later.
 */
export async function dispatchEvents(events: readonly PendingEvent[]): Promise<void> {
  if (!events.length) return;
  const wanted = await settleUnwanted(events).catch((e: unknown) => {
    // Their fan-out decides the same, one job each.
    logger.warn({ err: { message: (e as Error).message }, events: events.length }, "could not settle unwanted events; fanning them all out");
    return events;
  });
  if (!wanted.length) return;
  await enqueueMany(
    fanOutDomainEventJob,
    wanted.map(({ id, subAccountId }) => ({ subAccountId, eventId: id.toString() })),
  ).catch((e: unknown) =>
    logger.warn(
      { err: { message: (e as Error).message }, eventIds: wanted.slice(0, 20).map((e) => e.id.toString()), events: wanted.length },
      "event fan-out not queued; the sweep will queue it",
    ),
  );
}

/** Marks dispatched the events no subscriber wants (decided in SQL, in each event's workspace); returns the rest. */
async function settleUnwanted(events: readonly PendingEvent[]): Promise<readonly PendingEvent[]> {
  const { alwaysFannedOut, fanOutWantedSql } = await (subscribersModule ??= import("./subscribers"));
  const byWorkspace = new Map<number, PendingEvent[]>();
  for (const event of events) {
    if (alwaysFannedOut(event.type)) continue;
    const inWorkspace = byWorkspace.get(event.subAccountId);
    if (inWorkspace) inWorkspace.push(event);
    else byWorkspace.set(event.subAccountId, [event]);
  }
  const settled = new Set<bigint>();
  for (const [subAccountId, inWorkspace] of byWorkspace) {
    const rows = await tenantDb(subAccountId).$queryWorkspace<{ id: string }>((ws) => {
      const unwanted: Prisma.Sql[] = [];
      const candidates: string[] = [];
      for (const type of new Set(inWorkspace.map((e) => e.type))) {
        unwanted.push(Prisma.sql`(e.type = ${type} AND NOT ${fanOutWantedSql(type, ws)})`);
        candidates.push(...inWorkspace.filter((e) => e.type === type).map((e) => e.id.toString()));
      }
      return Prisma.sql`
        UPDATE "DomainEvent" e SET "dispatchedAt" = now()
         WHERE e."subAccountId" = ${ws} AND e.id = ANY(${candidates}::bigint[]) AND e."dispatchedAt" IS NULL
           AND (${Prisma.join(unwanted, " OR ")})
        RETURNING e.id::text AS id`;
    });
    for (const row of rows) settled.add(BigInt(row.id));
  }
  return events.filter((e) => !settled.has(e.id));
}
