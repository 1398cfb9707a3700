import { describe, expect, it } from "vitest";

// This file's own queues, with the real worker in this process (the fan-out and AI turn jobs run there), the model local.
const { local } = await import("../support/local-model");
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { tenantDb } = await import("@/server/db/tenant");
const { POST: postContact } = await import("@/app/api/public/contact/route");
const { recordEvent, transactionWithEvents } = await import("@/server/events/record-event");
const { sweepUndispatchedEvents } = await import("@/server/events/sweep-events");
const { receiveLeadMessage } = await import("@/server/services/messages/receive-lead-message");
const { createUser, uniqueEmail, uniqueIp, workspaceContext } = await import("../support/factories");
const { ALL_DAY_EVERY_DAY, memberWithSchedule } = await import("../bookings/world");
const { agentWorld, waitFor } = await import("../agents/world");
const { getQueue } = await import("@/server/jobs/queues");

setUpTestWorker();

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const eventsOf = (subAccountId: number) =>
  unsafeDb.domainEvent.findMany({ where: { subAccountId }, orderBy: { id: "asc" }, select: { id: true, type: true, data: true, dispatchedAt: true } });
/** Every event of the workspace once the worker's fan-out marked them all dispatched. */
const dispatched = (subAccountId: number, count: number) =>
  waitFor(async () => {
    const rows = await eventsOf(subAccountId);
    return rows.length === count && rows.every((r) => r.dispatchedAt) ? rows : undefined;
  }, `${count} dispatched events`);

async function bookingWorld() {
  const world = await memberWithSchedule({ timezone: "UTC", weeklyHours: ALL_DAY_EVERY_DAY, slotMinutes: 30, role: "admin" });
  return world;
}

describe("domain events", () => {
  it("leads: created, updated with the written fields, status changed; payloads public, ISO times; dispatched after commit", async () => {
    const { subAccountId, caller } = await bookingWorld();
    const email = uniqueEmail("ev");
    const lead = await caller.leads.create({ name: "Ada", email, phone: "(201) 555-0199" });
    await caller.leads.update({ id: lead.id, company: "Engines Ltd", status: "qualified" });
    await caller.leads.update({ id: lead.id, company: "Engines Ltd" });

    const rows = await dispatched(subAccountId, 4);
    expect(rows.map((r) => r.type)).toEqual(["lead.created", "lead.updated", "lead.status_changed", "lead.updated"]);
    const created = rows[0]!.data as { lead: Record<string, unknown> };
    expect(created.lead).toMatchObject({ id: lead.id, name: "Ada", email, phone: "+12015550199", status: "new", archivedAt: null });
    expect(created.lead.createdAt).toMatch(ISO);
    expect(Object.keys(created.lead).sort()).toEqual(
      ["archivedAt", "company", "createdAt", "customId", "email", "id", "name", "ownerId", "phone", "position", "source", "status", "strategyId", "timezone", "updatedAt"].sort(),
    );
    expect(rows[1]!.data).toMatchObject({ changed: expect.arrayContaining(["company", "status"]), lead: { company: "Engines Ltd", status: "qualified" } });
    expect(rows[2]!.data).toMatchObject({ previousStatus: "new", status: "qualified", lead: { id: lead.id } });
    expect(rows[3]!.data).toMatchObject({ changed: ["company"] });
  });

  it("a refused or rolled-back change announces nothing", async () => {
    const { subAccountId, caller } = await bookingWorld();
    const email = uniqueEmail("dup");
    await caller.leads.create({ name: "First", email });
    await expect(caller.leads.create({ name: "Second", email, onDuplicate: "refuse" })).rejects.toThrow();
    await expect(
      transactionWithEvents(tenantDb(subAccountId), async (tx) => {
        await recordEvent(tx, { subAccountId, type: "contact.created", data: { contact: {} as never } });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const rows = await dispatched(subAccountId, 1);
    expect(rows.map((r) => r.type)).toEqual(["lead.created"]);
  });

  it("bookings: created, rescheduled (with the previous time), cancelled (with the previous status)", async () => {
    const { subAccountId, user, caller } = await bookingWorld();
    const lead = await caller.leads.create({ name: "Booked", email: uniqueEmail("b") });
    const startsAt = new Date("2031-03-03T10:00:00.000Z");
    const booking = await caller.bookings.create({ userId: user.id, leadId: lead.id, startsAt, timezone: "UTC", title: "Intro" });
    await caller.bookings.reschedule({ id: booking.id, startsAt: new Date("2031-03-04T10:00:00.000Z") });
    await caller.bookings.cancel({ id: booking.id });
    const rows = (await dispatched(subAccountId, 4)).slice(1);
    expect(rows.map((r) => r.type)).toEqual(["booking.created", "booking.rescheduled", "booking.cancelled"]);
    expect(rows[0]!.data).toMatchObject({ booking: { id: booking.id, leadId: lead.id, userId: user.id, startsAt: startsAt.toISOString(), status: "pending", bookedByAi: false } });
    expect(rows[1]!.data).toMatchObject({
      booking: { startsAt: "2031-03-04T10:00:00.000Z" },
      previous: { startsAt: "2031-03-03T10:00:00.000Z", endsAt: "2031-03-03T10:30:00.000Z" },
    });
    expect(rows[2]!.data).toMatchObject({ booking: { status: "cancelled" }, previousStatus: "pending" });
  });

  it("a lead's message received carries ids and channel, never its text; the public contact form is contact.created", async () => {
    const { subAccountId, caller } = await bookingWorld();
    const ws = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: subAccountId } });
    const lead = await caller.leads.create({ name: "Writer", email: uniqueEmail("w") });
    const message = await receiveLeadMessage(workspaceContext(ws), { leadId: lead.id, channel: "web", content: "my secret plan" });
    const response = await postContact(
      new Request("http://localhost:8000/api/public/contact", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": uniqueIp() },
        body: JSON.stringify({ workspaceKey: ws.publicKey, name: "Grace", email: "grace@example.com" }),
      }),
    );
    expect(response.status).toBe(201);
    const rows = await waitFor(async () => {
      const all = await eventsOf(subAccountId);
      return all.length >= 3 ? all : undefined;
    }, "three events");
    expect(rows.map((r) => r.type)).toEqual(["lead.created", "message.received", "contact.created"]);
    expect(rows[1]!.data).toEqual({
      message: { id: message.id, leadId: lead.id, channel: "web", direction: "inbound", author: "lead", status: "pending", createdAt: message.createdAt.toISOString() },
    });
    expect(JSON.stringify(rows[1]!.data)).not.toContain("secret");
    expect(rows[2]!.data).toMatchObject({ contact: { name: "Grace", email: "grace@example.com", status: "NEW" } });
  });

  it("an event whose fan-out was never queued is queued by the sweep", async () => {
    const { subAccountId } = await bookingWorld();
    await createUser({ subAccountId });
    // Recorded in a plain transaction and never handed to dispatchEvents (as when Redis refused the job at commit).
    const id = await tenantDb(subAccountId).$transaction((tx) =>
      recordEvent(tx, { subAccountId, type: "contact.created", data: { contact: { id: 1, name: "x", email: null, phone: null, company: null, source: null, status: "NEW", createdAt: new Date(0).toISOString() } } }),
    );
    await unsafeDb.domainEvent.update({ where: { id }, data: { createdAt: new Date(Date.now() - 120_000) } });
    const { queued } = await sweepUndispatchedEvents();
    expect(queued).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await unsafeDb.domainEvent.findUniqueOrThrow({ where: { id } })).dispatchedAt, "the swept event dispatched");
  });

  it("an event no subscriber wants is stored as dispatched and never queued; an enabled endpoint that takes its type gets it", async () => {
    const w = await agentWorld();
    const fanOutJob = (id: bigint) => getQueue("events").getJob(`domain-event-${id}`);
    const latest = async (type: string) => (await eventsOf(w.subAccountId)).filter((e) => e.type === type).at(-1)!;
    /** The worker's AI turn has answered the lead's latest message: its reply's message.sent event. */
    const replied = (count: number) =>
      waitFor(async () => {
        const sent = (await eventsOf(w.subAccountId)).filter((e) => e.type === "message.sent");
        return sent.length === count ? sent.at(-1) : undefined;
      }, `${count} AI replies`);
    local.fallback(() => ({ content: "Happy to help!" }));

    // No endpoint, no integration: the lead's message and the AI's web reply are settled as they are recorded.
    await w.say("Hello there");
    const received = await latest("message.received");
    expect(received.dispatchedAt).not.toBeNull();
    expect(await fanOutJob(received.id)).toBeUndefined();
    const sent = (await replied(1))!;
    expect(sent.dispatchedAt).not.toBeNull();
    expect(await fanOutJob(sent.id)).toBeUndefined();

    // A disabled endpoint, or one following other events, wants neither.
    await unsafeDb.webhookEndpoint.createMany({
      data: [
        { subAccountId: w.subAccountId, url: "https://example.com/off", eventTypes: ["message.received", "message.sent"], enabled: false, secret: "sealed" },
        { subAccountId: w.subAccountId, url: "https://example.com/leads", eventTypes: ["lead.created"], secret: "sealed" },
      ],
    });
    await w.say("Still there?");
    expect((await latest("message.received")).dispatchedAt).not.toBeNull();
    await replied(2);

    // An endpoint that takes messages: both are fanned out by the worker and become deliveries.
    const endpoint = await unsafeDb.webhookEndpoint.create({
      data: { subAccountId: w.subAccountId, url: "https://example.com/messages", eventTypes: ["message.received", "message.sent"], secret: "sealed" },
    });
    await w.say("Can I book for Friday?");
    const outbound = (await replied(3))!;
    const inbound = await latest("message.received");
    await waitFor(
      async () => (await unsafeDb.webhookDelivery.count({ where: { endpointId: endpoint.id, eventId: { in: [inbound.id, outbound.id] } } })) === 2 || undefined,
      "a delivery for each message",
    );
    await waitFor(async () => (await eventsOf(w.subAccountId)).every((e) => e.dispatchedAt) || undefined, "every event dispatched");
  });
});
