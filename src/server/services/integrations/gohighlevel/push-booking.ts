import type { WorkspaceJobContext } from "@/server/context";
import { ghlClientFor } from "./connection";
import { findGhlIntegration, pushWithClient } from "./push-lead";
import { markFailed, markSynced } from "./sync-status";

/**
 * A booking made here as an appointment in the workspace's chosen GoHighLevel calendar (its lead pushed first when it
 * has no contact there yet); a rescheduled or cancelled booking updates the same appointment.
 */
export async function pushBookingToGhl(ctx: WorkspaceJobContext, input: { integrationId: number; bookingId: number }) {
  const integration = await findGhlIntegration(ctx, input.integrationId);
  if (!integration?.enabled) return { outcome: "skipped" as const };
  const { client, settings } = ghlClientFor(integration);
  if (!settings.calendarId) return { outcome: "skipped" as const };
  const booking = await ctx.db.booking.findFirst({ where: { id: input.bookingId }, select: { id: true, leadId: true, title: true, startsAt: true, endsAt: true, status: true, updatedAt: true } });
  if (!booking?.leadId) return { outcome: "skipped" as const };
  try {
    const link = await ctx.db.integrationLink.findFirst({ where: { integrationId: integration.id, kind: "appointment", localId: booking.id } });
    const fields = {
      startTime: booking.startsAt.toISOString(),
      endTime: booking.endsAt.toISOString(),
      title: booking.title ?? "Meeting",
      appointmentStatus: booking.status === "cancelled" ? "cancelled" : booking.status === "no_show" ? "noshow" : "confirmed",
    };
    if (link) {
      if (link.localSyncedAt && booking.updatedAt <= link.localSyncedAt) return { outcome: "unchanged" as const };
      const appointment = await client.updateAppointment(link.externalId, fields);
      await ctx.db.integrationLink.update({ where: { id: link.id }, data: { localSyncedAt: booking.updatedAt, remoteUpdatedAt: new Date(appointment.dateUpdated ?? Date.now()) } });
      await markSynced(ctx, integration.id);
      return { outcome: "updated" as const, appointmentId: link.externalId };
    }
    const { contactId } = await pushWithClient(ctx, integration.id, client, { ...settings, pushLeads: true }, booking.leadId);
    if (!contactId) return { outcome: "skipped" as const };
    const appointment = await client.createAppointment({ calendarId: settings.calendarId, contactId, ...fields });
    await ctx.db.integrationLink.create({
      data: { subAccountId: ctx.workspace.id, integrationId: integration.id, kind: "appointment", localId: booking.id, externalId: appointment.id, localSyncedAt: booking.updatedAt, remoteUpdatedAt: new Date(appointment.dateUpdated ?? Date.now()) },
    });
    await markSynced(ctx, integration.id);
    return { outcome: "created" as const, appointmentId: appointment.id };
  } catch (e) {
    return markFailed(ctx, integration.id, e);
  }
}
