import type { DomainEventType } from "@/lib/domain-events";
import type { TenantTransaction } from "@/server/db/tenant";

/**
 * The public JSON of each event type: what outbound webhooks deliver as `data` (inside
 * `{ type, timestamp, data }`) and what other subscribers read. Stable: fields are only ever added. Ids are numbers
 * (message ids are strings: they are 64-bit), times ISO 8601 in UTC, absent values null. Never secrets, never message
 * text (read it through the API), never internal state (the AI's conversation notes).
 */
export interface LeadPayload {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  position: string | null;
  source: string | null;
  customId: string | null;
  status: string;
  timezone: string | null;
  ownerId: number | null;
  strategyId: number | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface BookingPayload {
  id: number;
  leadId: number | null;
  userId: number;
  title: string | null;
  startsAt: string;
  endsAt: string;
  timezone: string;
  status: string;
  location: string | null;
  bookedByAi: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface MessagePayload {
  id: string;
  leadId: number;
  channel: string;
  /** inbound: the lead wrote it; outbound: the AI or a person wrote it to the lead. */
  direction: "inbound" | "outbound";
  author: "lead" | "ai" | "person";
  status: string;
  createdAt: string;
}

export interface ContactPayload {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  source: string | null;
  status: string;
  createdAt: string;
}

export interface FormSubmissionPayload {
  id: number;
  formId: number;
  formVersion: number | null;
  leadId: number | null;
  createdAt: string;
}

export interface DomainEventPayloads {
  "lead.created": { lead: LeadPayload };
  /** `changed`: the names of the fields this change wrote (LeadPayload's names). */
  "lead.updated": { lead: LeadPayload; changed: string[] };
  "lead.status_changed": { lead: LeadPayload; previousStatus: string; status: string };
  "booking.created": { booking: BookingPayload };
  "booking.rescheduled": { booking: BookingPayload; previous: { startsAt: string; endsAt: string } };
  "booking.cancelled": { booking: BookingPayload; previousStatus: string };
  "message.received": { message: MessagePayload };
  "message.sent": { message: MessagePayload };
  "form.submitted": { submission: FormSubmissionPayload };
  "contact.created": { contact: ContactPayload };
}

/** Where a change was made when a connected system made it (absent: made here, by a person, the AI or the API). */
export type EventOrigin = "gohighlevel";

/**
 * An event's `data`: its payload, and `origin` when the change came from a connected system (a GoHighLevel webhook or
 * sync), so subscribers (and receivers of outbound webhooks) can tell it from a change made here: the GoHighLevel push
 * never sends such a change back, and the lead is not sent confirmations of a booking made there.
 */
export type DomainEventData<T extends DomainEventType> = DomainEventPayloads[T] & { origin?: EventOrigin };

/** The origin of a recorded event's data (undefined for changes made here). */
export function originOf(data: unknown): EventOrigin | undefined {
  const origin = typeof data === "object" && data !== null ? (data as { origin?: unknown }).origin : undefined;
  return origin === "gohighlevel" ? origin : undefined;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const LEAD_SELECT = {
  id: true,
  name: true,
  email: true,
  phone: true,
  company: true,
  position: true,
  source: true,
  customId: true,
  status: true,
  timezone: true,
  ownerId: true,
  strategyId: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The lead as events carry it, read inside the transaction that changed it (so it is what committed). */
export async function leadPayload(tx: TenantTransaction, leadId: number): Promise<LeadPayload> {
  const l = await tx.lead.findUniqueOrThrow({ where: { id: leadId }, select: LEAD_SELECT });
  return { ...l, archivedAt: iso(l.archivedAt), createdAt: l.createdAt.toISOString(), updatedAt: l.updatedAt.toISOString() };
}

export async function bookingPayload(tx: TenantTransaction, bookingId: number): Promise<BookingPayload> {
  const b = await tx.booking.findUniqueOrThrow({
    where: { id: bookingId },
    select: { id: true, leadId: true, userId: true, title: true, startsAt: true, endsAt: true, timezone: true, status: true, location: true, bookedByAi: true, createdAt: true, updatedAt: true },
  });
  return {
    ...b,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

const AUTHOR = { lead: "lead", assistant: "ai", human: "person", system: "person", tool: "ai" } as const;

export const MESSAGE_EVENT_SELECT = { id: true, leadId: true, channel: true, role: true, status: true, createdAt: true } as const;

export async function messagePayload(tx: TenantTransaction, messageId: bigint): Promise<MessagePayload> {
  return messagePayloadOf(await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: MESSAGE_EVENT_SELECT }));
}

/** A message row (MESSAGE_EVENT_SELECT) as events carry it: never its text. */
export function messagePayloadOf(m: { id: bigint; leadId: number; channel: string; role: keyof typeof AUTHOR; status: string; createdAt: Date }): MessagePayload {
  return {
    id: m.id.toString(),
    leadId: m.leadId,
    channel: m.channel,
    direction: m.role === "lead" ? "inbound" : "outbound",
    author: AUTHOR[m.role],
    status: m.status,
    createdAt: m.createdAt.toISOString(),
  };
}

export async function contactPayload(tx: TenantTransaction, contactId: number): Promise<ContactPayload> {
  const c = await tx.contactSubmission.findUniqueOrThrow({
    where: { id: contactId },
    select: { id: true, name: true, email: true, phone: true, company: true, source: true, status: true, createdAt: true },
  });
  return { ...c, createdAt: c.createdAt.toISOString() };
}

export async function formSubmissionPayload(tx: TenantTransaction, submissionId: number): Promise<FormSubmissionPayload> {
  const s = await tx.formSubmission.findUniqueOrThrow({
    where: { id: submissionId },
    select: { id: true, formTemplateId: true, version: true, leadId: true, createdAt: true },
  });
  return { id: s.id, formId: s.formTemplateId, formVersion: s.version, leadId: s.leadId, createdAt: s.createdAt.toISOString() };
}
