import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";

// The GoHighLevel emulator and the webhook route over HTTP, a receiver of outbound webhooks (the emulator and the
// receiver are the loopback addresses the SSRF guard lets requests reach here); then this file's queues and worker.
const { startGhlServer } = await import("../support/ghl-server");
const ghl = await startGhlServer();
process.env.GHL_WEBHOOK_PUBLIC_KEY = ghl.publicKeyPem;
const { startWebhookReceiver } = await import("../support/webhook-receiver");
const receiver = await startWebhookReceiver();
process.env.WEBHOOK_ALLOWED_HOSTS = `127.0.0.1:${receiver.port},${new URL(ghl.url).host}`;
const { startRouteServer } = await import("../support/route-server");
const { POST: webhookRoute } = await import("@/app/api/webhooks/gohighlevel/route");
const app = await startRouteServer({ "/api/webhooks/gohighlevel": webhookRoute });
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { createUser, createWorkspace, signedInCaller, workspaceJobContext } = await import("../support/factories");
const { waitFor } = await import("../sms/helpers");
const { ghlTemplate } = await import("./helpers");
const { memberWithSchedule, ALL_DAY_EVERY_DAY } = await import("../bookings/world");
const { bookingChanged, finishedJob, reminderJobs } = await import("../bookings/booking-jobs");
const { enqueue } = await import("@/server/jobs/enqueue");
const { ghlImportContactsJob } = await import("@/server/jobs/ghl-import-contacts");
const { ghlPushBookingJob } = await import("@/server/jobs/ghl-push-booking");
const { closeGhlAgent, rateLimitWaitMs } = await import("@/server/integrations/gohighlevel/client");
const { scheduleGhlSync } = await import("@/server/services/integrations/gohighlevel/schedule-sync");
const { getQueue } = await import("@/server/jobs/queues");
const { closeWebhookAgents } = await import("@/server/integrations/webhooks/http-delivery");

setUpTestWorker();
afterAll(async () => {
  await app.close();
  await ghl.close();
  await closeWebhookAgents();
  await closeGhlAgent();
  await receiver.close();
});

const WEBHOOK_URL = `${app.url}/api/webhooks/gohighlevel`;
const HOUR = 3_600_000;

const email = (name: string) => `${name}-${randomUUID().slice(0, 8)}@client.example`;
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

const connectionValues = (opts: { calendar?: boolean; remindersFromGoHighLevel?: boolean }) => ({
  locationId: ghl.locationId,
  privateToken: ghl.token,
  baseUrl: ghl.url,
  ...(opts.calendar ? { calendarId: ghl.calendarId } : {}),
  ...(opts.remindersFromGoHighLevel !== undefined ? { remindersFromGoHighLevel: opts.remindersFromGoHighLevel } : {}),
});

/** A workspace connected to the emulator's location (one location per workspace: each test gets a fresh one). */
async function connected(opts: { calendar?: boolean; remindersFromGoHighLevel?: boolean } = {}) {
  const template = await ghlTemplate();
  const ws = await createWorkspace("GHL");
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  // The emulator serves one location: free it from an earlier test's workspace.
  await unsafeDb.integration.deleteMany({ where: { externalId: ghl.locationId } });
  ghl.contacts.clear();
  await caller.integrations.connect({
    templateId: template.id,
    values: connectionValues(opts),
  });
  const integration = await unsafeDb.integration.findFirstOrThrow({ where: { subAccountId: ws.id } });
  return { ws, admin, caller, integration, template };
}


/** A webhook signed as GoHighLevel signs it, answered 200; resolves with its event once the worker has handled it. */
async function postSigned(payload: Record<string, unknown>) {
  const { body, headers } = ghl.signedWebhook(payload);
  expect((await fetch(WEBHOOK_URL, { method: "POST", headers, body })).status).toBe(200);
  const id = (JSON.parse(body) as { webhookId: string }).webhookId;
  return waitFor(() => unsafeDb.webhookEvent.findFirstOrThrow({ where: { providerEventId: id } }), (e) => e.status !== "received", "the event handled");
}

/** postSigned, and the event applied. */
async function postApplied(payload: Record<string, unknown>) {
  expect((await postSigned(payload)).status).toBe("processed");
}
describe("GoHighLevel sync", () => {
  it("imports every contact as a lead with progress, then only what changed (incremental, scheduled)", async () => {
    const { ws, caller, integration } = await connected();
    for (let i = 0; i < 230; i++) ghl.addContact({ firstName: `First${i}`, lastName: "Contact", email: email(`c${i}`), phone: `+1202555${String(1000 + i).padStart(4, "0")}`, dateUpdated: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() });
    const { jobRunId } = await caller.integrations.startImport({ id: integration.id });
    const run = await waitFor(() => unsafeDb.jobRun.findUniqueOrThrow({ where: { id: jobRunId! } }), (r) => r.status === "completed" || r.status === "failed", "the full import", 90_000);
    expect(run).toMatchObject({ status: "completed", progress: 100, result: expect.objectContaining({ read: 230, created: 230 }) });
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id, source: "gohighlevel" } })).toBe(230);
    const entry = (await caller.integrations.list()).find((e) => e.connection?.id === integration.id)!;
    expect(entry.connection).toMatchObject({ statusText: "Working", importRun: { status: "completed", progress: 100 } });
    expect(entry.connection!.lastSyncAt).not.toBeNull();

    // Changed since: one new contact and one updated; the scheduled sync reads only those two.
    const [first] = [...ghl.contacts.values()];
    Object.assign(first!, { firstName: "Renamed", dateUpdated: later(1000) });
    ghl.addContact({ firstName: "Newcomer", email: email("new"), dateUpdated: later(2000) });
    ghl.requests.length = 0;
    expect((await scheduleGhlSync()).queued).toBeGreaterThanOrEqual(1);
    await waitFor(() => unsafeDb.lead.count({ where: { subAccountId: ws.id, name: "Newcomer" } }), (n) => n === 1, "the incremental sync");
    await waitFor(() => unsafeDb.lead.count({ where: { subAccountId: ws.id, name: "Renamed Contact" } }), (n) => n === 1, "the updated contact");
    const searches = ghl.requests.filter((r) => r.path === "/contacts/search");
    expect(searches[0]!.body).toMatchObject({ filters: [{ field: "dateUpdated", operator: "range", value: { gt: expect.any(String) } }] });
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(231);
  });

  it("waits out GoHighLevel's 429 answers (Retry-After) and goes on", async () => {
    const { ws, integration } = await connected();
    ghl.addContact({ firstName: "Patient", email: email("patient") });
    ghl.rateLimitNext(2, "0");
    ghl.requests.length = 0;
    await enqueue(ghlImportContactsJob, { subAccountId: ws.id, integrationId: integration.id, mode: "full" });
    await waitFor(() => unsafeDb.lead.count({ where: { subAccountId: ws.id, name: "Patient" } }), (n) => n === 1, "the import after two 429s");
    expect(ghl.requests.slice(0, 3).map((r) => r.status)).toEqual([429, 429, 200]);
    const headers = new Headers({ "retry-after": "2" });
    expect(rateLimitWaitMs(headers, 0)).toBe(2000);
    expect(rateLimitWaitMs(new Headers({ "x-ratelimit-remaining": "0", "x-ratelimit-interval-milliseconds": "10000" }), 0)).toBe(10_000);
    expect(rateLimitWaitMs(new Headers(), 3)).toBe(4000);
  });

  it("pushes lead changes made here to the GoHighLevel contact with the field mapping (through the lead events)", async () => {
    const { caller } = await connected();
    const lead = await caller.leads.create({ name: "Pat Pusher", email: email("pat"), company: "Pusher & Co" });
    const contact = await waitFor(async () => [...ghl.contacts.values()].find((c) => c.email === lead.email), Boolean, "the contact created in GoHighLevel");
    expect(contact).toMatchObject({ firstName: "Pat", lastName: "Pusher", companyName: "Pusher & Co", tags: ["status: new"] });
    await caller.leads.update({ id: lead.id, name: "Pat Renamed" });
    await waitFor(async () => ghl.contacts.get(contact!.id)?.lastName, (n) => n === "Renamed", "the update pushed");
  });

  it("copies a booking made here to an appointment in the chosen calendar", async () => {
    const { ws, admin, integration } = await connected({ calendar: true });
    const lead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Booked Lead", email: email("booked") } });
    const booking = await unsafeDb.booking.create({
      data: { subAccountId: ws.id, userId: admin.id, leadId: lead.id, title: "Consultation", timezone: "UTC", startsAt: new Date("2031-03-03T15:00Z"), endsAt: new Date("2031-03-03T15:30Z"), status: "confirmed" },
    });
    await enqueue(ghlPushBookingJob, { subAccountId: ws.id, integrationId: integration.id, bookingId: booking.id, eventId: "1" });
    const appointment = await waitFor(async () => [...ghl.appointments.values()].find((a) => a.title === "Consultation" && a.startTime === "2031-03-03T15:00:00.000Z"), Boolean, "the appointment");
    expect(appointment).toMatchObject({ calendarId: ghl.calendarId, endTime: "2031-03-03T15:30:00.000Z", appointmentStatus: "confirmed" });
    expect(ghl.contacts.get(appointment!.contactId)?.email).toBe(lead.email);
  });

  it("resolves a change on both sides by the later update time, and records it", async () => {
    const { ws, caller, integration } = await connected();
    const contact = ghl.addContact({ firstName: "Both", lastName: "Sides", email: email("both"), dateUpdated: new Date(Date.now() - 60_000).toISOString() });
    const { processGhlWebhook } = await import("@/server/services/integrations/gohighlevel/process-webhook");
    const ctx = workspaceJobContext(ws);
    const event = async (body: object) => {
      const row = await unsafeDb.webhookEvent.create({ data: { subAccountId: ws.id, provider: "gohighlevel", providerEventId: randomUUID(), payload: { locationId: ghl.locationId, ...body } } });
      return processGhlWebhook(ctx, { webhookEventId: row.id });
    };
    await event({ type: "ContactCreate", ...contact });
    const lead = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id, email: contact.email! } });
    // Changed here now; GoHighLevel's change is older: ours is kept.
    await unsafeDb.lead.update({ where: { id: lead.id }, data: { name: "Ours Newer" } });
    await event({ type: "ContactUpdate", ...contact, firstName: "Theirs", dateUpdated: new Date(Date.now() - 30_000).toISOString() });
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: lead.id } })).name).toBe("Ours Newer");
    // Changed here again, and later in GoHighLevel: theirs wins.
    await unsafeDb.lead.update({ where: { id: lead.id }, data: { name: "Ours Older" } });
    await event({ type: "ContactUpdate", ...contact, firstName: "Theirs", lastName: "Later", dateUpdated: later(60_000) });
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: lead.id } })).name).toBe("Theirs Later");
    const conflicts = await unsafeDb.integrationConflict.findMany({ where: { integrationId: integration.id }, orderBy: { id: "asc" } });
    expect(conflicts.map((c) => c.winner)).toEqual(["ours", "theirs"]);
    const shown = (await caller.integrations.list()).find((e) => e.connection?.id === integration.id)!.connection!.conflicts;
    expect(shown.map((c) => c.winner)).toEqual(["theirs", "ours"]);
  });
});

describe("POST /api/webhooks/gohighlevel", () => {
  it("applies a correctly signed event once; forged, unsigned and legacy-signed ones are refused with nothing stored", async () => {
    const { ws } = await connected();
    const contactId = `c${randomUUID().slice(0, 8)}`;
    const { body, headers } = ghl.signedWebhook({ type: "ContactCreate", id: contactId, firstName: "Hooked", lastName: "Lead", email: email("hooked") });
    const webhookId = (JSON.parse(body) as { webhookId: string }).webhookId;
    const first = await fetch(WEBHOOK_URL, { method: "POST", headers, body });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, outcome: "queued" });
    await waitFor(() => unsafeDb.lead.count({ where: { subAccountId: ws.id, name: "Hooked Lead" } }), (n) => n === 1, "the lead from the webhook");
    // Replayed: recorded once, applied once.
    const replay = await fetch(WEBHOOK_URL, { method: "POST", headers, body });
    expect(await replay.json()).toEqual({ ok: true, outcome: "duplicate" });
    expect(await unsafeDb.webhookEvent.count({ where: { provider: "gohighlevel", providerEventId: webhookId } })).toBe(1);
    await waitFor(() => unsafeDb.webhookEvent.findFirstOrThrow({ where: { providerEventId: webhookId } }), (e) => e.status === "processed", "the event processed");
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id, name: "Hooked Lead" } })).toBe(1);

    const forgedBody = body.replace("Hooked", "Forged").replace(webhookId, randomUUID());
    const refusals: Record<string, string>[] = [
      { ...headers, "x-ghl-signature": headers["x-ghl-signature"]! }, // signature of another body
      { "content-type": "application/json" },
      { "content-type": "application/json", "x-wh-signature": "c2lnbmF0dXJl" },
    ];
    for (const h of refusals) {
      const response = await fetch(WEBHOOK_URL, { method: "POST", headers: h, body: forgedBody });
      expect(response.status).toBe(401);
    }
    expect(await unsafeDb.webhookEvent.count({ where: { provider: "gohighlevel", subAccountId: ws.id } })).toBe(1);
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id, name: "Forged Lead" } })).toBe(0);
  });

  it("archives the lead of a deleted contact and follows appointments", async () => {
    const { ws, admin } = await connected();
    const contactId = `c${randomUUID().slice(0, 8)}`;
    await postSigned({ type: "ContactCreate", id: contactId, firstName: "Appt", lastName: "Lead", email: email("appt") });
    const appointment = { id: `a${randomUUID().slice(0, 8)}`, contactId, title: "Intro call", startTime: "2031-04-01T10:00:00.000Z", endTime: "2031-04-01T10:30:00.000Z", appointmentStatus: "confirmed" };
    await postSigned({ type: "AppointmentCreate", appointment });
    const booking = await unsafeDb.booking.findFirstOrThrow({ where: { subAccountId: ws.id, title: "Intro call" } });
    expect(booking).toMatchObject({ userId: admin.id, status: "confirmed", startsAt: new Date("2031-04-01T10:00:00.000Z") });
    await postSigned({ type: "AppointmentUpdate", appointment: { ...appointment, startTime: "2031-04-01T11:00:00.000Z", endTime: "2031-04-01T11:30:00.000Z" } });
    expect((await unsafeDb.booking.findUniqueOrThrow({ where: { id: booking.id } })).startsAt).toEqual(new Date("2031-04-01T11:00:00.000Z"));
    await postSigned({ type: "AppointmentDelete", appointment });
    expect((await unsafeDb.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("cancelled");
    await postSigned({ type: "ContactDelete", id: contactId });
    expect((await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id, name: "Appt Lead" } })).archivedAt).not.toBeNull();
  });
});

describe("changes applied from GoHighLevel", () => {
  it("record their domain events (origin gohighlevel) that outbound webhooks deliver, and are neither pushed back nor confirmed to the lead", async () => {
    const { ws, caller, integration } = await connected({ calendar: true });
    const endpoint = await caller.webhooks.create({ url: receiver.url(`/ghl-${ws.id}`), eventTypes: ["lead.created", "lead.updated", "booking.created", "booking.rescheduled", "booking.cancelled"] });
    const contactId = `c${randomUUID().slice(0, 8)}`;
    const contactEmail = email("origin");
    const requestsBefore = ghl.requests.length;
    await postApplied({ type: "ContactCreate", id: contactId, firstName: "Origin", lastName: "Lead", email: contactEmail, dateUpdated: later(-60_000) });
    await postApplied({ type: "ContactUpdate", id: contactId, firstName: "Origin", lastName: "Renamed", email: contactEmail, dateUpdated: later(0) });
    const appointment = { id: `a${randomUUID().slice(0, 8)}`, contactId, title: "From GHL", startTime: "2031-05-01T10:00:00.000Z", endTime: "2031-05-01T10:30:00.000Z", appointmentStatus: "confirmed" };
    await postApplied({ type: "AppointmentCreate", appointment });
    await postApplied({ type: "AppointmentUpdate", appointment: { ...appointment, startTime: "2031-05-01T11:00:00.000Z", endTime: "2031-05-01T11:30:00.000Z" } });
    await postApplied({ type: "AppointmentDelete", appointment });
    await postApplied({ type: "ContactDelete", id: contactId });

    const lead = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id, email: contactEmail } });
    const booking = await unsafeDb.booking.findFirstOrThrow({ where: { subAccountId: ws.id, leadId: lead.id } });
    // Each event handed to every subscriber (the fan-out marks it dispatched only after all of them ran).
    const events = await waitFor(
      () => unsafeDb.domainEvent.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" } }),
      (rows) => rows.length === 6 && rows.every((r) => r.dispatchedAt),
      "six dispatched events",
    );
    expect(events.map((e) => e.type)).toEqual(["lead.created", "lead.updated", "booking.created", "booking.rescheduled", "booking.cancelled", "lead.updated"]);
    expect(events.map((e) => (e.data as { origin?: string }).origin)).toEqual(Array(6).fill("gohighlevel"));
    expect(events[1]!.data).toMatchObject({ changed: ["name"], lead: { id: lead.id, name: "Origin Renamed" } });
    expect(events[3]!.data).toMatchObject({ booking: { id: booking.id, startsAt: "2031-05-01T11:00:00.000Z" }, previous: { startsAt: "2031-05-01T10:00:00.000Z" } });
    expect(events[4]!.data).toMatchObject({ previousStatus: "confirmed", booking: { status: "cancelled" } });
    expect(events[5]!.data).toMatchObject({ changed: ["archivedAt"], lead: { archivedAt: expect.any(String) } });

    // Outbound webhooks follow them: one delivery each, the origin in the body.
    expect(await unsafeDb.webhookDelivery.count({ where: { endpointId: endpoint.endpoint.id, isTest: false } })).toBe(6);
    const first = await waitFor(async () => receiver.received.find((r) => r.path === `/ghl-${ws.id}`), Boolean, "the lead.created webhook");
    expect(JSON.parse(first!.body)).toMatchObject({ type: "lead.created", data: { origin: "gohighlevel", lead: { id: lead.id } } });

    // Nothing queued back to GoHighLevel, no confirmation queued for the lead, no write request reached GoHighLevel.
    const pushJobs = await Promise.all(
      events.map((e) =>
        e.type.startsWith("lead.")
          ? getQueue("default").getJob(`ghl-push-lead-${integration.id}-${lead.id}-${e.id}`)
          : getQueue("default").getJob(`ghl-push-booking-${integration.id}-${booking.id}-${e.id}`),
      ),
    );
    expect(pushJobs.filter(Boolean)).toEqual([]);
    // The booking's changes move its reminders (booking-changed) but confirm nothing to the lead.
    for (const e of events.slice(2, 5)) {
      const job = await finishedJob(`booking-changed-event-${e.id}`);
      expect(job.returnvalue.confirmation, e.type).toEqual({ outcome: "skipped", reason: "Changed in GoHighLevel, which tells the lead itself." });
    }
    expect(await unsafeDb.message.count({ where: { leadId: lead.id } })).toBe(0);
    const about = (r: (typeof ghl.requests)[number]) => [contactId, contactEmail, appointment.id].some((id) => JSON.stringify(r).includes(id));
    expect(ghl.requests.slice(requestsBefore).filter((r) => r.method !== "GET" && about(r))).toEqual([]);

    // The same lead changed here is pushed (the checks above can see a push when there is one).
    await unsafeDb.lead.update({ where: { id: lead.id }, data: { archivedAt: null } });
    await caller.leads.update({ id: lead.id, company: "Changed Here" });
    const ours = await waitFor(
      () => unsafeDb.domainEvent.findFirst({ where: { subAccountId: ws.id, type: "lead.updated", dispatchedAt: { not: null }, id: { gt: events.at(-1)!.id } } }),
      Boolean,
      "the local change's event dispatched",
    );
    expect((ours!.data as { origin?: string }).origin).toBeUndefined();
    expect(await getQueue("default").getJob(`ghl-push-lead-${integration.id}-${lead.id}-${ours!.id}`)).toBeDefined();
  });

  it("a booking made here and moved in GoHighLevel is reminded at its new time; cancelled there, it is not reminded at all", async () => {
    const { ws, integration } = await connected({ calendar: true });
    const { user, caller } = await memberWithSchedule({ timezone: "UTC", weeklyHours: ALL_DAY_EVERY_DAY, role: "admin", subAccountId: ws.id });
    const lead = await caller.leads.create({ name: "Remind Me", email: email("remind") });
    const start = new Date(Math.ceil((Date.now() + 72 * HOUR) / HOUR) * HOUR);
    const booking = await caller.bookings.create({ userId: user.id, leadId: lead.id, startsAt: start, timezone: "UTC" });
    await bookingChanged(booking.id, "created");
    expect(await reminderJobs(booking.id)).toEqual([
      { state: "delayed", runsAt: new Date(start.getTime() - 24 * HOUR) },
      { state: "delayed", runsAt: new Date(start.getTime() - HOUR) },
    ]);
    // Copied to GoHighLevel as an appointment (the push), which is then moved there, 5 hours earlier: a reminder left
    // at the old time would come after the meeting began (and be skipped), so the lead would never be reminded.
    const link = await waitFor(() => unsafeDb.integrationLink.findFirst({ where: { integrationId: integration.id, kind: "appointment", localId: booking.id } }), Boolean, "the appointment in GoHighLevel");
    const appointment = ghl.appointments.get(link!.externalId)!;
    const moved = new Date(start.getTime() - 5 * HOUR);
    await postApplied({ type: "AppointmentUpdate", appointment: { ...appointment, startTime: moved.toISOString(), endTime: new Date(moved.getTime() + HOUR).toISOString(), dateUpdated: later(0) } });
    const rescheduled = await bookingChanged(booking.id, "rescheduled");
    expect((await unsafeDb.booking.findUniqueOrThrow({ where: { id: booking.id } })).startsAt).toEqual(moved);
    expect(rescheduled.returnvalue).toEqual({
      reminders: [
        { offsetMinutes: 1440, at: new Date(moved.getTime() - 24 * HOUR).toISOString() },
        { offsetMinutes: 60, at: new Date(moved.getTime() - HOUR).toISOString() },
      ],
      confirmation: { outcome: "skipped", reason: "Changed in GoHighLevel, which tells the lead itself." },
    });
    expect(await reminderJobs(booking.id)).toEqual([
      { state: "delayed", runsAt: new Date(moved.getTime() - 24 * HOUR) },
      { state: "delayed", runsAt: new Date(moved.getTime() - HOUR) },
    ]);

    await postApplied({ type: "AppointmentDelete", appointment });
    const cancelled = await bookingChanged(booking.id, "cancelled");
    expect(cancelled.returnvalue).toEqual({ reminders: [], confirmation: { outcome: "skipped", reason: "Changed in GoHighLevel, which tells the lead itself." } });
    expect(await reminderJobs(booking.id)).toEqual([null, null]);
    // Neither change was confirmed to the lead from here; the booking made here was.
    const keys = (await unsafeDb.message.findMany({ where: { leadId: lead.id }, select: { idempotencyKey: true } })).map((m) => m.idempotencyKey);
    expect(keys.filter((k) => k?.includes(":rescheduled:") || k?.includes(":cancelled:"))).toEqual([]);
  });

  it("with GoHighLevel sending the reminders, a booking that is also there gets none from here; switched back, the waiting ones are sent", async () => {
    const { ws, caller: admin, template } = await connected({ calendar: true, remindersFromGoHighLevel: true });
    const { user, caller } = await memberWithSchedule({ timezone: "UTC", weeklyHours: ALL_DAY_EVERY_DAY, role: "admin", subAccountId: ws.id });
    const lead = await caller.leads.create({ name: "Reminded There", email: email("there") });
    const start = new Date(Math.ceil((Date.now() + 72 * HOUR) / HOUR) * HOUR);
    const bookings = [];
    for (const hours of [0, 2]) {
      const booking = await caller.bookings.create({ userId: user.id, leadId: lead.id, startsAt: new Date(start.getTime() + hours * HOUR), timezone: "UTC" });
      await bookingChanged(booking.id, "created");
      await waitFor(() => unsafeDb.integrationLink.findFirst({ where: { kind: "appointment", localId: booking.id } }), Boolean, "the appointment in GoHighLevel");
      bookings.push(booking);
    }
    // The clock reaches a booking's 1-hour reminder (the database is the truth: the booking is now 1 h away).
    const reminderDue = async (bookingId: number) => {
      const soon = new Date(Date.now() + HOUR + 20_000);
      await unsafeDb.booking.update({ where: { id: bookingId }, data: { startsAt: soon, endsAt: new Date(soon.getTime() + HOUR) } });
      await (await getQueue("messaging").getJob(`booking-reminder-${bookingId}-60m`))!.promote();
      return { job: await finishedJob(`booking-reminder-${bookingId}-60m`), key: `booking:${bookingId}:reminder:60:${soon.getTime()}` };
    };
    const reminderKeys = async () => (await unsafeDb.message.findMany({ where: { leadId: lead.id }, select: { idempotencyKey: true } })).map((m) => m.idempotencyKey).filter((k) => k?.includes(":reminder:"));

    const first = await reminderDue(bookings[0]!.id);
    expect(first.job.returnvalue).toEqual({ outcome: "skipped", reason: "GoHighLevel sends the reminders of this booking (the GoHighLevel connection's setting)." });
    expect(await reminderKeys()).toEqual([]);
    await unsafeDb.booking.update({ where: { id: bookings[0]!.id }, data: { status: "cancelled" } });

    // Switched off: the second booking's reminder, scheduled while it was on, is sent from here.
    await admin.integrations.connect({ templateId: template.id, values: { ...connectionValues({ calendar: true, remindersFromGoHighLevel: false }), privateToken: "" } });
    const second = await reminderDue(bookings[1]!.id);
    expect(second.job.returnvalue.outcome).not.toBe("skipped");
    expect(await reminderKeys()).toEqual([second.key]);
  });

  it("the incremental sync announces the leads it creates; the full import does not", async () => {
    const { ws, caller, integration } = await connected();
    ghl.addContact({ firstName: "Bulk", lastName: "One", email: email("bulk"), dateUpdated: new Date(Date.now() - 120_000).toISOString() });
    const { jobRunId } = await caller.integrations.startImport({ id: integration.id });
    await waitFor(() => unsafeDb.jobRun.findUniqueOrThrow({ where: { id: jobRunId! } }), (r) => r.status === "completed", "the full import");
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(1);
    expect(await unsafeDb.domainEvent.count({ where: { subAccountId: ws.id } })).toBe(0);

    ghl.addContact({ firstName: "Later", lastName: "Two", email: email("later"), dateUpdated: new Date().toISOString() });
    await enqueue(ghlImportContactsJob, { subAccountId: ws.id, integrationId: integration.id, mode: "incremental" });
    const events = await waitFor(() => unsafeDb.domainEvent.findMany({ where: { subAccountId: ws.id } }), (rows) => rows.length > 0, "the incremental sync's event");
    expect(events.map((e) => [e.type, (e.data as { lead: { name: string }; origin?: string }).lead.name, (e.data as { origin?: string }).origin])).toEqual([["lead.created", "Later Two", "gohighlevel"]]);
  });
});
