import type { WorkspaceJobContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { isDomainEventType } from "@/lib/domain-events";
import { SUBSCRIBERS } from "./subscribers";

/**
 * Hands one committed event to every subscriber, then marks it dispatched. A subscriber that throws fails the job,
 * which retries (each subscriber is idempotent); an event already dispatched or gone is left alone. The event is read
 * and marked with raw SQL through the tenant client: every message (in and out) has an event, so this runs for every
 * AI turn, and Prisma's query layer costs more CPU than these one-row statements.
 */
export async function fanOutEvent(ctx: WorkspaceJobContext, input: { eventId: string }) {
  const id = BigInt(input.eventId);
  const [row] = await ctx.db.$queryWorkspace<{ id: string; subAccountId: number; type: string; data: unknown; createdAt: Date; dispatchedAt: Date | null }>(
    (ws) => Prisma.sql`
      SELECT id::text AS id, "subAccountId", type, data, "createdAt", "dispatchedAt"
        FROM "DomainEvent" WHERE "subAccountId" = ${ws} AND id = ${input.eventId}::bigint`,
  );
  if (!row) return { outcome: "gone" as const };
  if (row.dispatchedAt) return { outcome: "dispatched already" as const };
  const type = row.type;
  if (!isDomainEventType(type)) throw new Error(`Unknown domain event type "${type}"`);
  const event = { id, subAccountId: row.subAccountId, type, data: row.data, createdAt: row.createdAt };
  for (const subscriber of SUBSCRIBERS) await subscriber.handle(ctx, event);
  await ctx.db.$queryWorkspace(
    (ws) => Prisma.sql`
      UPDATE "DomainEvent" SET "dispatchedAt" = ${new Date()}::timestamp
       WHERE "subAccountId" = ${ws} AND id = ${input.eventId}::bigint AND "dispatchedAt" IS NULL`,
  );
  return { outcome: "dispatched" as const, subscribers: SUBSCRIBERS.length };
}
