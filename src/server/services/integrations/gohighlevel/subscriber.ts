import type { EventSubscriber } from "@/server/events/subscribers";
import { enqueue } from "@/server/jobs/enqueue";
import { ghlPushBookingJob } from "@/server/jobs/ghl-push-booking";
import { ghlPushLeadJob } from "@/server/jobs/ghl-push-lead";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";

/**
 * Lead and booking events of a workspace with a GoHighLevel connection that is on: each queues its push (one job per
 * event and record, so a redelivered event queues nothing new). The push itself decides whether there is anything to
 * send (a change that came from GoHighLevel is not sent back).
 */
export const gohighlevelSubscriber: EventSubscriber = {
  name: "gohighlevel",
  async handle(ctx, event) {
    const isLead = event.type === "lead.created" || event.type === "lead.updated" || event.type === "lead.status_changed";
    const isBooking = event.type === "booking.created" || event.type === "booking.rescheduled" || event.type === "booking.cancelled";
    if (!isLead && !isBooking) return;
    const connections = await ctx.db.integration.findMany({ where: { enabled: true, template: { key: GHL_TEMPLATE_KEY } }, select: { id: true } });
    const data = event.data as { lead?: { id?: number }; booking?: { id?: number } };
    for (const { id: integrationId } of connections) {
      const base = { subAccountId: ctx.workspace.id, integrationId, eventId: event.id.toString() };
      if (isLead && data.lead?.id) await enqueue(ghlPushLeadJob, { ...base, leadId: data.lead.id });
      if (isBooking && data.booking?.id) await enqueue(ghlPushBookingJob, { ...base, bookingId: data.booking.id });
    }
  },
};
