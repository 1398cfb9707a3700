import { Prisma } from "@/server/db/client";
import type { EventSubscriber } from "@/server/events/subscribers";
import { queueFirstAttempts } from "./queue-attempt";
import { webhookBody } from "./webhook-body";

/**
 * Outbound webhooks as an event subscriber: one delivery per enabled endpoint that chose the event's type, created
 * once (fanOutKey "<eventId>:<endpointId>"), and their first attempts queued in one round trip to Redis. Finding the
 * endpoints and inserting their deliveries is one statement (raw SQL through the tenant client: it runs for every
 * event, and Prisma's query layer costs more CPU than the statement); it returns the deliveries it made and, for a
 * repeated fan-out (the first one failed after the insert), those made before whose first attempt is still to come,
 * so only attempts never made are queued (their job ids are per attempt: one already queued is not queued twice).
 */
export const webhooksSubscriber: EventSubscriber = {
  name: "outbound-webhooks",
  wants: (type, ws) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "WebhookEndpoint" w WHERE w."subAccountId" = ${ws} AND w.enabled AND ${type}::text = ANY(w."eventTypes"))`,
  async handle(ctx, event) {
    const eventId = event.id.toString();
    const rows = await ctx.db.$queryWorkspace<{ id: string }>(
      (ws) => Prisma.sql`
        WITH endpoints AS (
          SELECT id FROM "WebhookEndpoint" WHERE "subAccountId" = ${ws} AND enabled AND ${event.type}::text = ANY("eventTypes")
        ), made AS (
          INSERT INTO "WebhookDelivery" ("subAccountId", "endpointId", "eventId", "eventType", "webhookId", payload, "fanOutKey")
          SELECT ${ws}, e.id, ${eventId}::bigint, ${event.type}::text, ${`msg_${eventId}`}::text, ${webhookBody(event)}::text, ${eventId}::text || ':' || e.id
            FROM endpoints e
          ON CONFLICT ("fanOutKey") DO NOTHING
          RETURNING id
        )
        SELECT id::text AS id FROM made
        UNION
        SELECT d.id::text FROM "WebhookDelivery" d JOIN endpoints e ON d."fanOutKey" = ${eventId}::text || ':' || e.id
         WHERE d."subAccountId" = ${ws} AND d.status = 'pending' AND d.attempts = 0`,
    );
    if (rows.length) await queueFirstAttempts(ctx, rows.map((r) => BigInt(r.id)));
  },
};
