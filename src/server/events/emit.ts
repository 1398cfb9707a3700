import type { TenantTransaction } from "@/server/db/tenant";
import { recordEvent } from "./record-event";
import { bookingPayload, contactPayload, formSubmissionPayload, leadPayload, messagePayload, type EventOrigin } from "./payloads";

/** `origin`: the connected system the change came from (absent for a change made here). */
type Options = { origin?: EventOrigin };
const withOrigin = (options: Options | undefined) => (options?.origin ? { origin: options.origin } : {});

/**
 * One line per kind of change for the services that make it, each called inside the change's transaction (the scoped
 * `tx` of `transactionWithEvents`): the payload is read there, so it is exactly what commits.
 */
export async function emitLeadCreated(tx: TenantTransaction, subAccountId: number, leadId: number, options?: Options) {
  await recordEvent(tx, { subAccountId, type: "lead.created", data: { lead: await leadPayload(tx, leadId), ...withOrigin(options) } });
}

/** lead.updated naming the written fields, and lead.status_changed when the status moved. Nothing when nothing changed. */
export async function emitLeadChanged(
  tx: TenantTransaction,
  subAccountId: number,
  leadId: number,
  change: { changed: string[]; previousStatus?: string },
  options?: Options,
) {
  if (!change.changed.length) return;
  const lead = await leadPayload(tx, leadId);
  await recordEvent(tx, { subAccountId, type: "lead.updated", data: { lead, changed: change.changed, ...withOrigin(options) } });
  if (change.previousStatus !== undefined && change.previousStatus !== lead.status) {
    await recordEvent(tx, { subAccountId, type: "lead.status_changed", data: { lead, previousStatus: change.previousStatus, status: lead.status, ...withOrigin(options) } });
  }
}

export async function emitBookingCreated(tx: TenantTransaction, subAccountId: number, bookingId: number, options?: Options) {
  await recordEvent(tx, { subAccountId, type: "booking.created", data: { booking: await bookingPayload(tx, bookingId), ...withOrigin(options) } });
}

export async function emitBookingRescheduled(tx: TenantTransaction, subAccountId: number, bookingId: number, previous: { startsAt: Date; endsAt: Date }, options?: Options) {
  await recordEvent(tx, {
    subAccountId,
    type: "booking.rescheduled",
    data: { booking: await bookingPayload(tx, bookingId), previous: { startsAt: previous.startsAt.toISOString(), endsAt: previous.endsAt.toISOString() }, ...withOrigin(options) },
  });
}

export async function emitBookingCancelled(tx: TenantTransaction, subAccountId: number, bookingId: number, previousStatus: string, options?: Options) {
  await recordEvent(tx, { subAccountId, type: "booking.cancelled", data: { booking: await bookingPayload(tx, bookingId), previousStatus, ...withOrigin(options) } });
}

export async function emitMessageReceived(tx: TenantTransaction, subAccountId: number, messageId: bigint) {
  await recordEvent(tx, { subAccountId, type: "message.received", data: { message: await messagePayload(tx, messageId) } });
}

export async function emitMessageSent(tx: TenantTransaction, subAccountId: number, messageId: bigint) {
  await recordEvent(tx, { subAccountId, type: "message.sent", data: { message: await messagePayload(tx, messageId) } });
}

export async function emitContactCreated(tx: TenantTransaction, subAccountId: number, contactId: number) {
  await recordEvent(tx, { subAccountId, type: "contact.created", data: { contact: await contactPayload(tx, contactId) } });
}

export async function emitFormSubmitted(tx: TenantTransaction, subAccountId: number, submissionId: number) {
  await recordEvent(tx, { subAccountId, type: "form.submitted", data: { submission: await formSubmissionPayload(tx, submissionId) } });
}
