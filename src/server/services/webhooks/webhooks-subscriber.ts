import type { EventSubscriber } from "@/server/events/subscribers";
import { queueAttempt } from "./queue-attempt";
import { webhookBody } from "./webhook-body";

/**
 * Outbound webhooks as an event subscriber: one delivery per enabled endpoint that chose the event's type, created
 * once (fanOutKey "<eventId>:<endpointId>"), and its first attempt queued. A repeated fan-out finds the deliveries
 * made and queues only the first attempts not yet made (their job ids are per attempt).
 */
export const webhooksSubscriber: EventSubscriber = {
  name: "outbound-webhooks",
  async handle(ctx, event) {
    const endpoints = await ctx.db.webhookEndpoint.findMany({ where: { enabled: true, eventTypes: { has: event.type } }, select: { id: true } });
    if (!endpoints.length) return;
    const payload = webhookBody(event);
    const keys = endpoints.map((e) => `${event.id}:${e.id}`);
    await ctx.db.webhookDelivery.createMany({
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
    });
    const waiting = await ctx.db.webhookDelivery.findMany({ where: { fanOutKey: { in: keys }, status: "pending", attempts: 0 }, select: { id: true } });
    for (const delivery of waiting) await queueAttempt(ctx, delivery.id, 1);
  },
};
