import type { Prisma } from "@/generated/prisma/client";
import type { TenantDb, TenantTransaction } from "@/server/db/tenant";
import type { DomainEventType } from "@/lib/domain-events";
import { dispatchEvents, type PendingEvent } from "./dispatch-events";
import type { DomainEventData } from "./payloads";

/** A transaction's client that can append domain events (the scoped transaction of `ctx.db.$transaction`). */
export interface EventWriter {
  domainEvent: { create(args: { data: Prisma.DomainEventUncheckedCreateInput; select: { id: true } }): PromiseLike<{ id: bigint }> };
}

/** Event ids recorded in a transaction opened by `transactionWithEvents`, dispatched once it commits. */
const pendingByTransaction = new WeakMap<object, PendingEvent[]>();

/**
 * Appends one domain event in the caller's transaction (the outbox): it exists exactly when the change it describes
 * committed. Inside `transactionWithEvents` its fan-out is queued after commit; otherwise the caller hands the
 * returned id (with the workspace) to `dispatchEvents` after its commit (the sweep, sweep-domain-events, catches any left behind).
 */
export async function recordEvent<T extends DomainEventType>(
  tx: EventWriter,
  event: { subAccountId: number; type: T; data: DomainEventData<T> },
): Promise<bigint> {
  const { id } = await tx.domainEvent.create({
    data: { subAccountId: event.subAccountId, type: event.type, data: event.data as unknown as Prisma.InputJsonValue },
    select: { id: true },
  });
  pendingByTransaction.get(tx)?.push({ id, subAccountId: event.subAccountId, type: event.type });
  return id;
}

/**
 * `db.$transaction(fn)` whose recorded events are handed to the fan-out once it has committed (never before: a
 * rolled-back change announces nothing). Queueing the fan-out never fails the caller: the change is committed.
 */
export async function transactionWithEvents<T>(
  db: TenantDb,
  fn: (tx: TenantTransaction) => Promise<T>,
  options?: { maxWait?: number; timeout?: number },
): Promise<T> {
  const pending: PendingEvent[] = [];
  const result = await db.$transaction(async (tx) => {
    pendingByTransaction.set(tx, pending);
    return fn(tx);
  }, options);
  await dispatchEvents(pending);
  return result;
}
