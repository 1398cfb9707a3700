import { describe, expect, it } from "vitest";

const { unsafeDb } = await import("@/server/db/client");
const { logger } = await import("@/server/logger");
const { cleanupDeliveredEvents, DELIVERY_RETENTION_DAYS, EVENT_RETENTION_DAYS } = await import("@/server/events/cleanup-events");
const { cleanupDeliveredEventsJob } = await import("@/server/jobs/cleanup-delivered-events");
const { createWorkspace } = await import("../support/factories");

const DAY = 24 * 3600_000;
const ago = (days: number, from = Date.now()) => new Date(from - days * DAY);
const ctx = { requestId: "test", log: logger, ip: "test", userAgent: null };

describe("cleanup-delivered-events (retention of the outbox and the delivery log)", () => {
  it("is a daily platform job", () => {
    expect(cleanupDeliveredEventsJob).toMatchObject({ scope: "platform", queue: "default", repeat: { pattern: "30 4 * * *", tz: "UTC" } });
    expect([EVENT_RETENTION_DAYS, DELIVERY_RETENTION_DAYS]).toEqual([30, 30]);
  });

  it("deletes exactly the events dispatched over 30 days ago and the finished deliveries over 30 days old", async () => {
    const ws = await createWorkspace("Retention");
    const now = Date.now();
    const event = (createdAt: Date, dispatchedAt: Date | null) =>
      unsafeDb.domainEvent.create({ data: { subAccountId: ws.id, type: "lead.created", data: { lead: { id: 1 } }, createdAt, dispatchedAt }, select: { id: true } });
    const oldDispatched = await event(ago(40, now), ago(40, now));
    const justOverDispatched = await event(ago(31, now), ago(30.5, now));
    // Created long ago but dispatched recently (its fan-out waited for the sweep): kept 30 days from its dispatch.
    const lateDispatched = await event(ago(45, now), ago(29, now));
    const recentDispatched = await event(ago(2, now), ago(2, now));
    // Never dispatched, however old: the sweep still owes it its fan-out.
    const oldUndispatched = await event(ago(90, now), null);

    const endpoint = await unsafeDb.webhookEndpoint.create({ data: { subAccountId: ws.id, url: "https://example.com/hook", eventTypes: ["lead.created"], secret: "sealed" } });
    const delivery = (createdAt: Date, status: "pending" | "succeeded" | "failed") =>
      unsafeDb.webhookDelivery.create({
        data: { subAccountId: ws.id, endpointId: endpoint.id, eventId: oldDispatched.id, eventType: "lead.created", webhookId: `msg_${oldDispatched.id}`, payload: "{}", status, createdAt },
        select: { id: true },
      });
    const oldSucceeded = await delivery(ago(31, now), "succeeded");
    const oldFailed = await delivery(ago(60, now), "failed");
    // Still retrying (cannot normally be this old): never deleted.
    const oldPending = await delivery(ago(31, now), "pending");
    const recentSucceeded = await delivery(ago(29, now), "succeeded");
    const recentFailed = await delivery(ago(1, now), "failed");

    const result = await cleanupDeliveredEvents(ctx, { now: new Date(now) });
    // Other test files may leave old rows of their own: counts are at least ours.
    expect(result.events).toBeGreaterThanOrEqual(2);
    expect(result.deliveries).toBeGreaterThanOrEqual(2);

    const events = await unsafeDb.domainEvent.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" }, select: { id: true } });
    expect(events.map((e) => e.id)).toEqual([lateDispatched.id, recentDispatched.id, oldUndispatched.id]);
    expect([oldDispatched.id, justOverDispatched.id].some((id) => events.some((e) => e.id === id))).toBe(false);
    const deliveries = await unsafeDb.webhookDelivery.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" }, select: { id: true } });
    expect(deliveries.map((d) => d.id)).toEqual([oldPending.id, recentSucceeded.id, recentFailed.id]);
    expect([oldSucceeded.id, oldFailed.id].some((id) => deliveries.some((d) => d.id === id))).toBe(false);

    // Run again: nothing of ours left to delete.
    await cleanupDeliveredEvents(ctx, { now: new Date(now) });
    expect(await unsafeDb.domainEvent.count({ where: { subAccountId: ws.id } })).toBe(3);
    expect(await unsafeDb.webhookDelivery.count({ where: { subAccountId: ws.id } })).toBe(3);
  });

  it("works through batches larger than one statement's", async () => {
    const ws = await createWorkspace("Retention batches");
    const now = Date.now();
    const old = ago(35, now);
    await unsafeDb.domainEvent.createMany({
      data: Array.from({ length: 4_500 }, (_, i) => ({ subAccountId: ws.id, type: "lead.created", data: { i }, createdAt: old, dispatchedAt: old })),
    });
    const undispatched = await unsafeDb.domainEvent.create({ data: { subAccountId: ws.id, type: "lead.created", data: {}, createdAt: old, dispatchedAt: null } });
    const result = await cleanupDeliveredEvents(ctx, { now: new Date(now) });
    expect(result.events).toBeGreaterThanOrEqual(4_500);
    // (Another file's sweep may dispatch the undispatched one meanwhile: then it is kept 30 days from now.)
    expect(await unsafeDb.domainEvent.findMany({ where: { subAccountId: ws.id }, select: { id: true } })).toEqual([{ id: undispatched.id }]);
  });
});
