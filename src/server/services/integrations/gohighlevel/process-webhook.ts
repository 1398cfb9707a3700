import type { WorkspaceJobContext } from "@/server/context";
import { isExclusionViolation } from "@/server/db/errors";
import { emitBookingCancelled, emitBookingCreated, emitBookingRescheduled, emitLeadChanged } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import type { GhlContact } from "@/server/integrations/gohighlevel/client";
import { applyGhlContact } from "./apply-contact";

/** Events of changes applied from GoHighLevel carry this origin: the push never sends them back, no notices go out. */
const FROM_GHL = { origin: "gohighlevel" } as const;

interface GhlWebhookBody extends Partial<GhlContact> {
  type: string;
  locationId: string;
  id?: string;
  timestamp?: string;
  appointment?: { id?: string; contactId?: string; title?: string; startTime?: string; endTime?: string; appointmentStatus?: string; dateUpdated?: string };
}

const when = (...values: (string | undefined)[]) => {
  for (const v of values) if (v && Number.isFinite(Date.parse(v))) return new Date(v);
  return new Date();
};

/**
 * A recorded GoHighLevel webhook applied in the workspace: contacts become (or update, or archive) leads through the
 * same rules as the sync (later update time wins, conflicts recorded); appointments update the booking linked to them
 * or, for a contact we know, become a booking of the workspace's first admin. Done once: the event moves from
 * received to processed / ignored / failed. Each change records its domain event (lead.created / updated,
 * booking.created / rescheduled / cancelled) with origin "gohighlevel", in the transaction that also moves the link's
 * sync times: outbound webhooks follow it, and nothing is pushed back to GoHighLevel.
 */
export async function processGhlWebhook(ctx: WorkspaceJobContext, input: { webhookEventId: bigint }) {
  const event = await ctx.db.webhookEvent.findFirst({ where: { id: input.webhookEventId, provider: "gohighlevel" }, select: { id: true, status: true, payload: true } });
  if (!event || event.status !== "received") return { outcome: "already handled" };
  const body = event.payload as unknown as GhlWebhookBody;
  const integration = await ctx.db.integration.findFirst({ where: { externalId: body.locationId }, select: { id: true, enabled: true } });
  const finish = (status: "processed" | "ignored" | "failed", error?: string) =>
    ctx.db.webhookEvent.update({ where: { id: event.id }, data: { status, error: error ?? null, processedAt: new Date() }, select: { id: true } }).then(() => ({ outcome: status, error }));
  if (!integration?.enabled) return finish("ignored", "The GoHighLevel connection is switched off.");

  switch (body.type) {
    case "ContactCreate":
    case "ContactUpdate": {
      if (!body.id) return finish("ignored", "The contact has no id.");
      const outcome = await applyGhlContact(ctx, integration.id, { ...body, id: body.id }, when(body.dateUpdated, body.timestamp, body.dateAdded), { announce: true });
      await ctx.db.integration.update({ where: { id: integration.id }, data: { lastSyncAt: new Date() }, select: { id: true } });
      return finish("processed").then((r) => ({ ...r, contact: outcome }));
    }
    case "ContactDelete": {
      const link = body.id ? await ctx.db.integrationLink.findFirst({ where: { integrationId: integration.id, kind: "contact", externalId: body.id } }) : null;
      if (!link) return finish("ignored", "The contact was never synced here.");
      await transactionWithEvents(ctx.db, async (tx) => {
        const { count } = await tx.lead.updateMany({ where: { id: link.localId, archivedAt: null }, data: { archivedAt: new Date() } });
        await tx.integrationLink.delete({ where: { id: link.id }, select: { id: true } });
        if (count) await emitLeadChanged(tx, ctx.workspace.id, link.localId, { changed: ["archivedAt"] }, FROM_GHL);
      });
      return finish("processed");
    }
    case "AppointmentCreate":
    case "AppointmentUpdate":
    case "AppointmentDelete":
      return applyAppointment(ctx, integration.id, body, finish);
    default:
      return finish("ignored", `Events of type ${body.type.slice(0, 60)} are not used.`);
  }
}

async function applyAppointment(
  ctx: WorkspaceJobContext,
  integrationId: number,
  body: GhlWebhookBody,
  finish: (status: "processed" | "ignored" | "failed", error?: string) => Promise<{ outcome: string }>,
) {
  const a = body.appointment ?? {};
  if (!a.id) return finish("ignored", "The appointment has no id.");
  const link = await ctx.db.integrationLink.findFirst({ where: { integrationId, kind: "appointment", externalId: a.id } });
  const cancelled = body.type === "AppointmentDelete" || a.appointmentStatus === "cancelled";
  const times = a.startTime && a.endTime && Number.isFinite(Date.parse(a.startTime)) && Number.isFinite(Date.parse(a.endTime)) ? { startsAt: new Date(a.startTime), endsAt: new Date(a.endTime) } : {};
  try {
    if (link) {
      await transactionWithEvents(ctx.db, async (tx) => {
        const before = await tx.booking.findUnique({ where: { id: link.localId }, select: { status: true, startsAt: true, endsAt: true } });
        if (!before) return;
        const booking = await tx.booking.update({
          where: { id: link.localId },
          data: cancelled ? { status: "cancelled" } : { ...times, ...(a.title ? { title: a.title.slice(0, 200) } : {}), ...(a.appointmentStatus === "confirmed" ? { status: "confirmed" } : {}) },
          select: { updatedAt: true, status: true, startsAt: true, endsAt: true },
        });
        await tx.integrationLink.update({ where: { id: link.id }, data: { localSyncedAt: booking.updatedAt, remoteUpdatedAt: when(a.dateUpdated, body.timestamp) }, select: { id: true } });
        if (booking.status === "cancelled" && before.status !== "cancelled") await emitBookingCancelled(tx, ctx.workspace.id, link.localId, before.status, FROM_GHL);
        else if (booking.startsAt.getTime() !== before.startsAt.getTime() || booking.endsAt.getTime() !== before.endsAt.getTime()) {
          await emitBookingRescheduled(tx, ctx.workspace.id, link.localId, before, FROM_GHL);
        }
      });
      return finish("processed");
    }
    if (cancelled) return finish("ignored", "The appointment was never synced here.");
    const contactLink = a.contactId ? await ctx.db.integrationLink.findFirst({ where: { integrationId, kind: "contact", externalId: a.contactId } }) : null;
    if (!contactLink || !times.startsAt) return finish("ignored", "The appointment's contact is not a lead here yet.");
    const owner = await ctx.db.user.findFirst({ where: { role: "admin", isActive: true }, orderBy: { id: "asc" }, select: { id: true, timezone: true } });
    if (!owner) return finish("failed", "The workspace has no active admin to hold the booking.");
    await transactionWithEvents(ctx.db, async (tx) => {
      const booking = await tx.booking.create({
        data: { subAccountId: ctx.workspace.id, userId: owner.id, leadId: contactLink.localId, title: a.title?.slice(0, 200) ?? "GoHighLevel appointment", timezone: owner.timezone ?? "UTC", status: "confirmed", ...times, endsAt: times.endsAt! },
        select: { id: true, updatedAt: true },
      });
      await tx.integrationLink.create({
        data: { subAccountId: ctx.workspace.id, integrationId, kind: "appointment", localId: booking.id, externalId: a.id!, localSyncedAt: booking.updatedAt, remoteUpdatedAt: when(a.dateUpdated, body.timestamp) },
        select: { id: true },
      });
      await emitBookingCreated(tx, ctx.workspace.id, booking.id, FROM_GHL);
    });
    return finish("processed");
  } catch (e) {
    if (isExclusionViolation(e)) return finish("failed", "The appointment overlaps another booking of the same person here.");
    throw e;
  }
}
