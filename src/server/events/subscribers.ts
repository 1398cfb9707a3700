import type { WorkspaceContext } from "@/server/context";
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
  handle(ctx: WorkspaceContext, event: DomainEventRecord): Promise<void>;
}

/** THE list of subscribers: each event goes to every one, in this order. */
export const SUBSCRIBERS: readonly EventSubscriber[] = [bookingNoticeSubscriber, webhooksSubscriber, gohighlevelSubscriber];
