/**
 * The events a workspace's outside systems can follow (outbound webhooks, integrations), named once. Client-safe:
 * the webhook settings page lists them in words from here. Payload shapes: src/server/events/payloads.ts.
 */
export const DOMAIN_EVENT_TYPES = [
  "lead.created",
  "lead.updated",
  "lead.status_changed",
  "booking.created",
  "booking.rescheduled",
  "booking.cancelled",
  "message.received",
  "message.sent",
  "form.submitted",
  "contact.created",
] as const;

export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export const DOMAIN_EVENT_LABELS: Record<DomainEventType, { label: string; description: string }> = {
  "lead.created": { label: "Lead created", description: "A new lead is added (by a person, a form, an import of one, a text or email from someone new)." },
  "lead.updated": { label: "Lead updated", description: "A lead's details, owner or archive state change." },
  "lead.status_changed": { label: "Lead status changed", description: "A lead moves to another stage (for example qualified or booked)." },
  "booking.created": { label: "Booking made", description: "A meeting is booked, by a person or by the AI receptionist." },
  "booking.rescheduled": { label: "Booking moved", description: "A booked meeting gets a new time." },
  "booking.cancelled": { label: "Booking cancelled", description: "A booked meeting is cancelled." },
  "message.received": { label: "Message received", description: "A lead writes in: text message, email or website chat." },
  "message.sent": { label: "Message sent", description: "A message to a lead leaves: handed to the text or email provider, or shown in the website chat." },
  "form.submitted": { label: "Form submitted", description: "Someone submits one of the workspace's forms." },
  "contact.created": { label: "Contact form received", description: "Someone fills in the website contact form." },
};

export function isDomainEventType(value: string): value is DomainEventType {
  return (DOMAIN_EVENT_TYPES as readonly string[]).includes(value);
}
