import { Prisma } from "@/server/db/client";
import type { DomainEventType } from "@/lib/domain-events";
import type { EventSubscriber } from "@/server/events/subscribers";
import { enqueue } from "@/server/jobs/enqueue";
import { ghlPushBookingJob } from "@/server/jobs/ghl-push-booking";
import { ghlPushLeadJob } from "@/server/jobs/ghl-push-lead";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";
import { originOf } from "@/server/events/payloads";

const LEAD_EVENTS = new Set<DomainEventType>(["lead.created", "lead.updated", "lead.status_changed"]);
const BOOKING_EVENTS = new Set<DomainEventType>(["booking.created", "booking.rescheduled", "booking.cancelled"]);

/**
 * Lead and booking events of a workspace with a GoHighLevel connection that is on: each queues its push (one job per
 * event and record, so a redelivered event queues nothing new). A change that came from GoHighLevel (its webhooks and
 * syncs record events with `origin: "gohighlevel"`) is never sent back; beside that, the push itself sends nothing
 * for a record unchanged since its last sync.
 */
export const gohighlevelSubscriber: EventSubscriber = {
  name: "gohighlevel",
  wants: (type, ws) =>
    (LEAD_EVENTS.has(type) || BOOKING_EVENTS.has(type)) &&
    Prisma.sql`EXISTS (SELECT 1 FROM "Integration" i JOIN "IntegrationTemplate" t ON t.id = i."templateId"
                        WHERE i."subAccountId" = ${ws} AND i.enabled AND t.key = ${GHL_TEMPLATE_KEY})`,
  async handle(ctx, event) {
    const isLead = LEAD_EVENTS.has(event.type);
    const isBooking = BOOKING_EVENTS.has(event.type);
    if (!isLead && !isBooking) return;
    if (originOf(event.data) === "gohighlevel") return;
    const connections = await ctx.db.integration.findMany({ where: { enabled: true, template: { key: GHL_TEMPLATE_KEY } }, select: { id: true } });
    const data = event.data as { lead?: { id?: number }; booking?: { id?: number } };
    for (const { id: integrationId } of connections) {
      const base = { subAccountId: ctx.workspace.id, integrationId, eventId: event.id.toString() };
      if (isLead && data.lead?.id) await enqueue(ghlPushLeadJob, { ...base, leadId: data.lead.id });
      if (isBooking && data.booking?.id) await enqueue(ghlPushBookingJob, { ...base, bookingId: data.booking.id });
    }
  },
};
