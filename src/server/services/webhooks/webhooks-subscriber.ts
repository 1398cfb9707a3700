import type { EventSubscriber } from "@/server/events/subscribers";
import { queueFirstAttempts } from "./queue-attempt";
import { webhookBody } from "./webhook-body";

/**
 * Outbound webhooks as an event subscriber: one delivery per enabled endpoint that chose the event's type, created
 * once (fanOutKey "<eventId>:<endpointId>") in one INSERT for all of them, and their first attempts queued in one
 * round trip to Redis. A repeated fan-out (the first one failed after the insert) finds the deliveries made and
 * queues only the first attempts not yet made (their job ids are per attempt, so one already queued is not queued twice).
 */
export const webhooksSubscriber: EventSubscriber = {
  name: "outbound-webhooks",
  async handle(ctx, event) {
    const endpoints = await ctx.db.webhookEndpoint.findMany({ where: { enabled: true, eventTypes: { has: event.type } }, select: { id: true } });
    if (!endpoints.length) return;
    const payload = webhookBody(event);
    const created = await ctx.db.webhookDelivery.createManyAndReturn({
      data: endpoints.map((e) => ({
        subAccountId: ctx.workspace.id,
        endpointId: e.id,
        eventId: event.id,
        eventType: event.type,
        webhookId: `msg_${event.id}`,
        payload,
        fanOutKey: `${event.id}:${e.id}`,
      })),
      skipDuplicates: true,
      select: { id: true },
    });
    const waiting =
      created.length === endpoints.length
        ? created
        : await ctx.db.webhookDelivery.findMany({ where: { fanOutKey: { in: endpoints.map((e) => `${event.id}:${e.id}`) }, status: "pending", attempts: 0 }, select: { id: true } });
    await queueFirstAttempts(ctx, waiting.map((d) => d.id));
  },
};
