import { randomUUID } from "node:crypto";
import type { DomainEventType } from "@/lib/domain-events";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import type { DomainEventPayloads } from "@/server/events/payloads";
import { queueAttempt } from "./queue-attempt";
import { findEndpoint } from "./endpoint-records";
import { webhookBody } from "./webhook-body";

const deliveryFields = {
  id: true,
  endpointId: true,
  eventId: true,
  eventType: true,
  webhookId: true,
  isTest: true,
  resendOfId: true,
  status: true,
  attempts: true,
  responseStatus: true,
  durationMs: true,
  responseExcerpt: true,
  error: true,
  lastAttemptAt: true,
  nextAttemptAt: true,
  createdAt: true,
} as const;

type DeliveryRow = { id: bigint; eventId: bigint | null; resendOfId: bigint | null } & Record<string, unknown>;
/** 64-bit ids leave the server as strings. */
const present = <T extends DeliveryRow>(d: T) => ({ ...d, id: d.id.toString(), eventId: d.eventId?.toString() ?? null, resendOfId: d.resendOfId?.toString() ?? null });

/** An endpoint's deliveries, newest first, by pages (`cursor`: the last id of the previous page). */
export async function listWebhookDeliveries(ctx: WorkspaceContext, input: { endpointId: number; cursor?: string | null; limit: number }) {
  await findEndpoint(ctx, input.endpointId);
  const rows = await ctx.db.webhookDelivery.findMany({
    where: { endpointId: input.endpointId, ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: deliveryFields,
  });
  const page = rows.slice(0, input.limit);
  return { items: page.map(present), nextCursor: rows.length > input.limit ? page.at(-1)!.id.toString() : null };
}

/**
 * Sends a delivery's message again (same body, same webhook-id, so receivers can tell it is the same event), as a
 * new delivery with its own attempts. The endpoint must be on.
 */
export async function resendWebhookDelivery(ctx: WorkspaceContext, input: { id: string }) {
  const original = await ctx.db.webhookDelivery.findUnique({ where: { id: BigInt(input.id) }, include: { endpoint: { select: { enabled: true } } } });
  if (!original) throw new AppError("NOT_FOUND", "No such webhook delivery in this workspace.");
  if (!original.endpoint.enabled) throw new AppError("PRECONDITION_FAILED", "This endpoint is turned off. Turn it on, then resend.");
  const delivery = await ctx.db.webhookDelivery.create({
    data: {
      subAccountId: ctx.workspace.id,
      endpointId: original.endpointId,
      eventId: original.eventId,
      eventType: original.eventType,
      webhookId: original.webhookId,
      payload: original.payload,
      isTest: original.isTest,
      resendOfId: original.id,
    },
    select: deliveryFields,
  });
  await queueAttempt(ctx, delivery.id, 1);
  return present(delivery);
}

const EXAMPLE_TIME = "2030-01-01T12:00:00.000Z";
const exampleLead = {
  id: 0, name: "Test Lead", email: "test.lead@example.com", phone: "+12025550123", company: "Example Co", position: null, source: "test",
  customId: null, status: "new", timezone: "America/New_York", ownerId: null, strategyId: null, archivedAt: null, createdAt: EXAMPLE_TIME, updatedAt: EXAMPLE_TIME,
};
const exampleBooking = {
  id: 0, leadId: 0, userId: 0, title: "Test meeting", startsAt: EXAMPLE_TIME, endsAt: "2030-01-01T12:30:00.000Z", timezone: "America/New_York",
  status: "pending", location: null, bookedByAi: false, createdAt: EXAMPLE_TIME, updatedAt: EXAMPLE_TIME,
};
const exampleMessage = (inbound: boolean) => ({
  id: "0", leadId: 0, channel: "sms", direction: inbound ? ("inbound" as const) : ("outbound" as const), author: inbound ? ("lead" as const) : ("ai" as const),
  status: inbound ? "received" : "sent", createdAt: EXAMPLE_TIME,
});
/** Example data of each type (ids 0): what a test event carries. */
const EXAMPLES: { [T in DomainEventType]: DomainEventPayloads[T] } = {
  "lead.created": { lead: exampleLead },
  "lead.updated": { lead: exampleLead, changed: ["company"] },
  "lead.status_changed": { lead: { ...exampleLead, status: "qualified" }, previousStatus: "new", status: "qualified" },
  "booking.created": { booking: exampleBooking },
  "booking.rescheduled": { booking: exampleBooking, previous: { startsAt: "2029-12-31T12:00:00.000Z", endsAt: "2029-12-31T12:30:00.000Z" } },
  "booking.cancelled": { booking: { ...exampleBooking, status: "cancelled" }, previousStatus: "pending" },
  "message.received": { message: exampleMessage(true) },
  "message.sent": { message: exampleMessage(false) },
  "form.submitted": { submission: { id: 0, formId: 0, formVersion: 1, leadId: 0, createdAt: EXAMPLE_TIME } },
  "contact.created": { contact: { id: 0, name: "Test Contact", email: "test.contact@example.com", phone: null, company: null, source: "test", status: "NEW", createdAt: EXAMPLE_TIME } },
};

/**
 * "Send test event": one signed delivery of example data (ids 0, `"test": true` in the envelope) of the given type
 * (default: the endpoint's first), one attempt, shown in the log like any other. Works while the endpoint is off too.
 */
export async function sendWebhookTestEvent(ctx: WorkspaceContext, input: { id: number; eventType?: DomainEventType }) {
  const endpoint = await findEndpoint(ctx, input.id);
  const type = input.eventType ?? (endpoint.eventTypes[0] as DomainEventType | undefined) ?? "lead.created";
  const body = JSON.parse(webhookBody({ type, createdAt: new Date(), data: EXAMPLES[type] })) as Record<string, unknown>;
  const delivery = await ctx.db.webhookDelivery.create({
    data: {
      subAccountId: ctx.workspace.id,
      endpointId: endpoint.id,
      eventType: type,
      webhookId: `msg_test_${randomUUID().replaceAll("-", "")}`,
      payload: JSON.stringify({ ...body, test: true }),
      isTest: true,
    },
    select: deliveryFields,
  });
  await queueAttempt(ctx, delivery.id, 1);
  return present(delivery);
}
