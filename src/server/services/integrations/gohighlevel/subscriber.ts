import type { EventSubscriber } from "@/server/events/subscribers";
import { enqueue } from "@/server/jobs/enqueue";
import { ghlPushBookingJob } from "@/server/jobs/ghl-push-booking";
import { ghlPushLeadJob } from "@/server/jobs/ghl-push-lead";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";
import { originOf } from "@/server/events/payloads";

/**
 * Lead and booking events of a workspace with a GoHighLevel connection that is on: each queues its push (one job per
 * event and record, so a redelivered event queues nothing new). A change that came from GoHighLevel (its webhooks and
 * syncs record events with `origin: "gohighlevel"`) is never sent back; beside that, the push itself sends nothing
 * for a record unchanged since its last sync.
 */
export const gohighlevelSubscriber: EventSubscriber = {
  name: "gohighlevel",
  async handle(ctx, event) {
    const isLead = event.type === "lead.created" || event.type === "lead.updated" || event.type === "lead.status_changed";
    const isBooking = event.type === "booking.created" || event.type === "booking.rescheduled" || event.type === "booking.cancelled";
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
