import type { WorkspaceContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import type { DomainEventType } from "@/lib/domain-events";
import { bookingNoticeSubscriber } from "@/server/services/bookings/booking-notice-subscriber";
import { webhooksSubscriber } from "@/server/services/webhooks/webhooks-subscriber";
import { gohighlevelSubscriber } from "@/server/services/integrations/gohighlevel/subscriber";

/** A committed domain event as subscribers receive it. */
export interface DomainEventRecord {
  id: bigint;
  subAccountId: number;
  type: DomainEventType;
  data: unknown;
  createdAt: Date;
}

/**
 * Something that acts on a workspace's events (outbound webhooks, an integration's push). `handle` runs in the worker
 * inside the event's workspace (`ctx.db` scoped); it must be idempotent, because a failed fan-out hands the event to
 * every subscriber again, and quick: slow work (an HTTP call) is a job of its own that `handle` queues.
 */
export interface EventSubscriber {
  name: string;
  /**
   * Whether `handle` may act on an event of `type` in the workspace `workspaceId` (a bound parameter or a column):
   * true or false when the type alone decides, else an SQL condition (the workspace has an endpoint or a connection
   * that takes it). It may say yes where `handle` then does nothing, never no where `handle` would act.
   */
  wants(type: DomainEventType, workspaceId: Prisma.Sql): boolean | Prisma.Sql;
  handle(ctx: WorkspaceContext, event: DomainEventRecord): Promise<void>;
}

/** THE list of subscribers: each event goes to every one, in this order. */
export const SUBSCRIBERS: readonly EventSubscriber[] = [bookingNoticeSubscriber, webhooksSubscriber, gohighlevelSubscriber];

/**
 * Whether any subscriber may act on an event of `type` in `workspaceId`: true, false, or an SQL condition. An event
 * nobody wants is recorded as dispatched and never queued (most messages, in a workspace without webhooks or
 * integrations: two fan-out jobs per AI turn saved).
 */
export function fanOutWanted(type: DomainEventType, workspaceId: Prisma.Sql): boolean | Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  for (const subscriber of SUBSCRIBERS) {
    const wanted = subscriber.wants(type, workspaceId);
    if (wanted === true) return true;
    if (wanted !== false) conditions.push(wanted);
  }
  return conditions.length ? Prisma.sql`(${Prisma.join(conditions, " OR ")})` : false;
}

/** Whether every event of `type` is fanned out, whatever its workspace (a subscriber takes them all). */
export function alwaysFannedOut(type: DomainEventType): boolean {
  return fanOutWanted(type, Prisma.empty) === true;
}

/** fanOutWanted as one SQL boolean. */
export function fanOutWantedSql(type: DomainEventType, workspaceId: Prisma.Sql): Prisma.Sql {
  const wanted = fanOutWanted(type, workspaceId);
  return typeof wanted === "boolean" ? Prisma.sql`${wanted}` : wanted;
}
