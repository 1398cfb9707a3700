import type { WorkspaceJobContext } from "@/server/context";
import { isDomainEventType } from "@/lib/domain-events";
import { SUBSCRIBERS } from "./subscribers";

/**
 * Hands one committed event to every subscriber, then marks it dispatched. A subscriber that throws fails the job,
 * which retries (each subscriber is idempotent); an event already dispatched or gone is left alone.
 */
export async function fanOutEvent(ctx: WorkspaceJobContext, input: { eventId: string }) {
  const id = BigInt(input.eventId);
  const event = await ctx.db.domainEvent.findUnique({ where: { id }, select: { id: true, subAccountId: true, type: true, data: true, createdAt: true, dispatchedAt: true } });
  if (!event) return { outcome: "gone" as const };
  if (event.dispatchedAt) return { outcome: "dispatched already" as const };
  if (!isDomainEventType(event.type)) throw new Error(`Unknown domain event type "${event.type}"`);
  for (const subscriber of SUBSCRIBERS) await subscriber.handle(ctx, { ...event, type: event.type });
  await ctx.db.domainEvent.updateMany({ where: { id, dispatchedAt: null }, data: { dispatchedAt: new Date() } });
  return { outcome: "dispatched" as const, subscribers: SUBSCRIBERS.length };
}
