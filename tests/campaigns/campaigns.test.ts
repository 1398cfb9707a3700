import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";

// A queue namespace of this file's own; the real worker runs in this process and sends through the local driver.
const { setUpTestWorker } = await import("../support/worker-harness");
(await import("@/server/integrations/messaging")).resetMessagingDriversCache();

const { unsafeDb } = await import("@/server/db/client");
const { getQueue } = await import("@/server/jobs/queues");
const { decryptMessageContent } = await import("@/server/services/messages/message-content");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { fieldErrorsOf } = await import("../leads/helpers");

setUpTestWorker();

const ZONE = "America/New_York";

async function workspace(role: "manager" | "admin" | "user" = "manager") {
  const ws = await createWorkspace("Campaigns");
  // Quiet hours off (the tests run at any hour); the quiet-hours test turns them on around the current time.
  await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { settings: { timezone: ZONE, sms: { quietHours: { enabled: false, start: "21:00", end: "08:00" } } } } });
  // The workspace's sending number (unique on the platform) at 5 texts a second: the dispatcher's window is 50.
  await unsafeDb.smsNumber.create({ data: { subAccountId: ws.id, phoneNumber: `+1415${randomInt(200, 1000)}${String(randomInt(0, 10_000)).padStart(4, "0")}`, messagesPerSecond: 5 } });
  const user = await createUser({ subAccountId: ws.id, role });
  await unsafeDb.user.update({ where: { id: user.id }, data: { name: "Olivia Owner" } });
  const { caller } = await signedInCaller({ kind: "user", id: user.id });
  return { ws, user, caller, workspaceName: ws.name };
}

/** `count` leads with valid, distinct numbers (+1 201 2xx xxxx), written by one statement. */
async function addLeads(subAccountId: number, count: number, opts: { offset?: number; ownerId?: number; prefix?: string } = {}) {
  const offset = opts.offset ?? 0;
  await unsafeDb.$executeRaw`INSERT INTO "Lead" ("subAccountId", name, phone, "ownerId", "updatedAt")
    SELECT ${subAccountId}, ${opts.prefix ?? "Lead"} || ' ' || g || ' Surname', '+1201' || (2000000 + g)::text, ${opts.ownerId ?? null}::int, now()
    FROM generate_series(${offset + 1}::int, ${offset + count}::int) g`;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The campaign's dispatch jobs still to run (none: its dispatcher has stopped). */
async function dispatchJobsLeft(campaignId: number) {
  const jobs = await getQueue("messaging").getJobs(["waiting", "delayed", "active", "prioritized", "waiting-children"]);
  return jobs.filter((j) => j?.name === "campaign-dispatch" && (j.data as { campaignId: number }).campaignId === campaignId).length;
}

const messagesOf = (subAccountId: number) => unsafeDb.message.findMany({ where: { subAccountId, role: "human", channel: "sms" } });

async function codeOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  return error instanceof TRPCError ? error.code : String(error);
}

describe("campaigns", () => {
  it("schedules 2,018 leads in one statement: 50 opted out, duplicates, invalid numbers and leads without a phone are skipped with the reason", async () => {
    const { ws, caller } = await workspace();
    await addLeads(ws.id, 2_000);
    // Every 40th lead texted STOP: 50 of the 2,000.
    await unsafeDb.$executeRaw`UPDATE "Lead" SET "smsOptedOutAt" = now() WHERE "subAccountId" = ${ws.id} AND phone LIKE '+1201%' AND (substr(phone, 6)::int - 2000000) % 40 = 0`;
    // The same numbers as leads 1..10, written with formatting (older data): duplicates of earlier recipients.
    await unsafeDb.$executeRaw`INSERT INTO "Lead" ("subAccountId", name, phone, "updatedAt")
      SELECT ${ws.id}, 'Twin ' || g, '+1 201-' || substr((2000000 + g)::text, 1, 3) || '-' || substr((2000000 + g)::text, 4), now()
      FROM generate_series(1, 10) g`;
    // Area code 123 does not exist.
    await unsafeDb.$executeRaw`INSERT INTO "Lead" ("subAccountId", name, phone, "updatedAt")
      SELECT ${ws.id}, 'Wrong ' || g, '+1123456' || (7000 + g)::text, now() FROM generate_series(1, 5) g`;
    await unsafeDb.$executeRaw`INSERT INTO "Lead" ("subAccountId", name, email, "updatedAt")
      SELECT ${ws.id}, 'Mail only ' || g, 'mail' || g || '@example.com', now() FROM generate_series(1, 3) g`;
    await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Archived", phone: "+12013000001", archivedAt: new Date() } });

    const created = await caller.campaigns.create({ name: "Spring offer", body: "Hi {{lead.firstName}}!", audience: { kind: "filters", filters: {} }, sendAt: "2030-04-01T10:00" });
    expect(created).toMatchObject({ totalRecipients: 2_018, skippedRecipients: 68, timezone: ZONE });

    const campaign = await caller.campaigns.get({ id: created.id });
    expect(campaign.status).toBe("scheduled");
    expect(campaign.progress).toMatchObject({ waiting: 1_950, skipped: 68, skippedByReason: { duplicate_phone: 10, invalid_phone: 5, no_phone: 3, opted_out: 50 } });
    const optedOut = await unsafeDb.campaignRecipient.findMany({ where: { campaignId: created.id, skipReason: "opted_out" }, include: { lead: true } });
    expect(optedOut).toHaveLength(50);
    expect(optedOut.every((r) => r.status === "skipped" && r.lead!.smsOptedOutAt !== null)).toBe(true);

    // The later lead of each pair is the one skipped; the earlier one keeps its place.
    const twins = await unsafeDb.campaignRecipient.findMany({ where: { campaignId: created.id, skipReason: "duplicate_phone" }, include: { lead: true } });
    expect(twins.map((t) => t.lead!.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Twin ${i + 1}`).sort());
    const skipped = await caller.campaigns.recipients({ campaignId: created.id, view: "skipped", limit: 100 });
    expect(skipped.items).toHaveLength(68);
    expect(new Set(skipped.items.map((r) => r.skipReason))).toEqual(new Set(["opted_out", "duplicate_phone", "invalid_phone", "no_phone"]));

    // Cancelled before it starts: every waiting recipient is cancelled and nothing is ever sent.
    await caller.campaigns.cancel({ id: created.id });
    expect((await caller.campaigns.get({ id: created.id })).progress).toMatchObject({ waiting: 0, cancelled: 1_950, skipped: 68 });
    expect(await codeOf(caller.campaigns.resume({ id: created.id }))).toBe("PRECONDITION_FAILED");
    expect(await messagesOf(ws.id)).toHaveLength(0);
  });

  it("schedules on the workspace's clock, and refuses a time the clocks skip or a time already past", async () => {
    const { ws, caller } = await workspace();
    await addLeads(ws.id, 3);
    const audience = { kind: "filters" as const, filters: {} };
    const summer = await caller.campaigns.create({ name: "Summer", body: "Hello", audience, sendAt: "2030-07-01T09:30" });
    expect(summer.scheduledAt.toISOString()).toBe("2030-07-01T13:30:00.000Z"); // EDT, UTC-4
    const winter = await caller.campaigns.create({ name: "Winter", body: "Hello", audience, sendAt: "2030-12-02T09:30" });
    expect(winter.scheduledAt.toISOString()).toBe("2030-12-02T14:30:00.000Z"); // EST, UTC-5
    // The dispatcher's first step waits until then.
    const job = await getQueue("messaging").getJob(`campaign-dispatch-${ws.id}-${summer.id}-g0-s0`);
    expect(Math.abs(job!.timestamp + (job!.opts.delay ?? 0) - summer.scheduledAt.getTime())).toBeLessThan(60_000);

    expect((await fieldErrorsOf(caller.campaigns.create({ name: "Gap", body: "Hello", audience, sendAt: "2030-03-10T02:30" }))).sendAt?.[0]).toMatch(/does not exist in America\/New_York/);
    expect((await fieldErrorsOf(caller.campaigns.create({ name: "Late", body: "Hello", audience, sendAt: "2020-01-01T09:00" }))).sendAt?.[0]).toMatch(/has passed/);
    expect((await fieldErrorsOf(caller.campaigns.create({ name: "Typo", body: "Hi {{lead.name}}", audience, sendAt: "now" }))).body?.[0]).toContain("{{lead.name}}");
    expect((await fieldErrorsOf(caller.campaigns.create({ name: "Nobody", body: "Hi", audience: { kind: "filters", filters: { search: "no such lead" } }, sendAt: "now" }))).audience?.[0]).toMatch(/No lead/);
  });

  it("sends: merge fields per lead, one message in each lead's conversation linked to its recipient, then completes", async () => {
    const { ws, caller, user, workspaceName } = await workspace();
    await addLeads(ws.id, 12, { ownerId: user.id });
    const first = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id }, orderBy: { id: "asc" } });
    await unsafeDb.lead.update({ where: { id: first.id }, data: { timezone: "America/Los_Angeles" } });
    await unsafeDb.booking.create({
      data: { subAccountId: ws.id, userId: user.id, leadId: first.id, timezone: ZONE, startsAt: new Date("2030-01-15T18:00:00Z"), endsAt: new Date("2030-01-15T18:30:00Z") },
    });
    const body = "Hi {{lead.firstName}}, {{owner.name}} at {{workspace.name}} here. Next visit: {{booking.next}}";

    const preview = await caller.campaigns.preview({ body, audience: { kind: "filters", filters: {} } });
    expect(preview).toMatchObject({ total: 12, recipients: 12, skipped: 0 });
    expect(preview.samples).toHaveLength(5);
    expect(preview.samples[0]!.text).toBe(`Hi Lead, Olivia Owner at ${workspaceName} here. Next visit: Tue, Jan 15, 10:00 AM PST`);
    expect(preview.samples[1]!.text).toBe(`Hi Lead, Olivia Owner at ${workspaceName} here. Next visit: `);

    const created = await caller.campaigns.create({ name: "Check-in", body, audience: { kind: "filters", filters: {} }, sendAt: "now" });
    // The last lead texts STOP after the campaign was scheduled (its turn comes in the dispatcher's second step):
    // the send path refuses it and the recipient fails with that reason.
    const last = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id }, orderBy: { id: "desc" } });
    await unsafeDb.lead.update({ where: { id: last.id }, data: { smsOptedOutAt: new Date() } });
    const done = await waitFor(() => caller.campaigns.get({ id: created.id }), (c) => c.status === "completed", "the campaign completing");
    // Delivery receipts (the local driver reports them) move each message from sent to delivered.
    expect(done.progress).toMatchObject({ waiting: 0, sending: 0, failed: 1 });
    expect(done.progress.sent + done.progress.delivered).toBe(11);
    const refused = await caller.campaigns.recipients({ campaignId: created.id, view: "failed" });
    expect(refused.items).toEqual([expect.objectContaining({ leadId: last.id, state: "failed", reason: expect.stringContaining("opted out") })]);

    const recipients = await unsafeDb.campaignRecipient.findMany({ where: { campaignId: created.id, status: "queued" }, include: { message: true, lead: true } });
    expect(recipients).toHaveLength(11);
    for (const r of recipients) {
      expect(r.message).not.toBeNull();
      expect(r.message!.leadId).toBe(r.leadId);
      expect(["sent", "delivered"]).toContain(r.message!.status);
      const text = decryptMessageContent(r.message!);
      expect(text).toContain(`Hi Lead, Olivia Owner at ${workspaceName}`);
      expect(r.smsSegments).toBe(r.message!.smsSegments);
    }
    // Each lead texted has exactly one message, in its own conversation.
    expect(await messagesOf(ws.id)).toHaveLength(11);
    const conversation = await caller.messages.list({ leadId: first.id });
    expect(conversation.items.map((m) => m.content)).toEqual([expect.stringContaining("Tue, Jan 15, 10:00 AM PST")]);
    expect(await dispatchJobsLeft(created.id)).toBe(0);
  }, 90_000);

  it("pause stops handing messages to the sender, resume sends the rest exactly once", async () => {
    const { ws, caller } = await workspace();
    await addLeads(ws.id, 60);
    const created = await caller.campaigns.create({ name: "Paused", body: "Hello {{lead.firstName}}", audience: { kind: "filters", filters: {} }, sendAt: "now" });
    await waitFor(() => unsafeDb.campaignRecipient.count({ where: { campaignId: created.id, status: "queued" } }), (n) => n > 0, "the first messages being handed over");
    await caller.campaigns.pause({ id: created.id });
    await waitFor(() => dispatchJobsLeft(created.id), (n) => n === 0, "the dispatcher stopping");
    const handed = await unsafeDb.campaignRecipient.count({ where: { campaignId: created.id, status: "queued" } });
    expect(handed).toBeLessThan(60);
    expect((await caller.campaigns.get({ id: created.id })).progress.waiting).toBe(60 - handed);
    expect(await codeOf(caller.campaigns.pause({ id: created.id }))).toBe("PRECONDITION_FAILED");

    await caller.campaigns.resume({ id: created.id });
    const done = await waitFor(() => caller.campaigns.get({ id: created.id }), (c) => c.status === "completed", "the campaign completing", 120_000);
    expect(done.progress).toMatchObject({ waiting: 0, failed: 0 });
    expect(done.progress.sent + done.progress.delivered).toBe(60);
    const messages = await messagesOf(ws.id);
    expect(messages).toHaveLength(60);
    expect(new Set(messages.map((m) => m.leadId)).size).toBe(60);
  }, 150_000);

  it("cancel while sending: the recipients not handed over yet are cancelled and never texted", async () => {
    const { ws, caller } = await workspace();
    await addLeads(ws.id, 60);
    const created = await caller.campaigns.create({ name: "Cancelled", body: "Hello", audience: { kind: "filters", filters: {} }, sendAt: "now" });
    await waitFor(() => unsafeDb.campaignRecipient.count({ where: { campaignId: created.id, status: "queued" } }), (n) => n > 0, "the first messages being handed over");
    await caller.campaigns.cancel({ id: created.id });
    await waitFor(() => dispatchJobsLeft(created.id), (n) => n === 0, "the dispatcher stopping");
    const recipients = await unsafeDb.campaignRecipient.findMany({ where: { campaignId: created.id } });
    const cancelled = recipients.filter((r) => r.status === "cancelled");
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((r) => r.messageId === null)).toBe(true);
    const messages = await messagesOf(ws.id);
    expect(messages).toHaveLength(recipients.filter((r) => r.status === "queued").length);
    expect(messages.length).toBeLessThan(60);
    expect((await caller.campaigns.get({ id: created.id })).status).toBe("cancelled");
  });

  it("progress is live: dispatch steps and cancel publish campaign events on the workspace's channel (ids only)", async () => {
    const { ws, caller } = await workspace();
    const { Redis } = await import("ioredis");
    const { conversationChannel } = await import("@/server/realtime/conversation-events");
    const { getEnv } = await import("@/env");
    const subscriber = new Redis(getEnv().redisUrl);
    const events: { leadId: number | null; kind: string }[] = [];
    subscriber.on("message", (_channel: string, raw: string) => events.push(JSON.parse(raw) as { leadId: number | null; kind: string }));
    await subscriber.subscribe(conversationChannel(ws.id));
    try {
      await addLeads(ws.id, 30);
      const created = await caller.campaigns.create({ name: "Live", body: "Hello", audience: { kind: "filters", filters: {} }, sendAt: "now" });
      await waitFor(async () => events.filter((e) => e.kind === "campaign").length, (n) => n > 0, "a dispatch step's event");
      const before = events.filter((e) => e.kind === "campaign").length;
      await caller.campaigns.cancel({ id: created.id });
      await waitFor(async () => events.filter((e) => e.kind === "campaign").length, (n) => n > before, "the cancel's event");
      expect(events.every((e) => Object.keys(e).sort().join() === "kind,leadId")).toBe(true);
    } finally {
      await subscriber.quit();
    }
  });

  it("inside the lead's quiet hours the send path holds campaign texts until they end", async () => {
    const { ws, caller } = await workspace();
    const clock = (offsetMinutes: number) =>
      new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(Date.now() + offsetMinutes * 60_000));
    await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { settings: { timezone: ZONE, sms: { quietHours: { enabled: true, start: clock(-60), end: clock(120) } } } } });
    await addLeads(ws.id, 5);
    const created = await caller.campaigns.create({ name: "Night", body: "Hello", audience: { kind: "filters", filters: {} }, sendAt: "now" });
    const recipients = await waitFor(
      () => unsafeDb.campaignRecipient.findMany({ where: { campaignId: created.id }, include: { message: true } }),
      (rs) => rs.every((r) => r.message !== null),
      "every text being handed to the send path",
    );
    for (const r of recipients) {
      expect(r.message!.status).toBe("queued");
      expect(r.message!.scheduledFor!.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    }
    expect((await caller.campaigns.get({ id: created.id })).progress).toMatchObject({ sending: 5, sent: 0 });
    expect(await unsafeDb.outboxMessage.count({ where: { subAccountId: ws.id } })).toBe(0);
    await caller.campaigns.cancel({ id: created.id });
  });

  it("a chosen selection of leads: only those, archived ones left out", async () => {
    const { ws, caller } = await workspace();
    await addLeads(ws.id, 6);
    const leads = await unsafeDb.lead.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" } });
    await unsafeDb.lead.update({ where: { id: leads[1]!.id }, data: { archivedAt: new Date() } });
    const preview = await caller.campaigns.preview({ body: "Hi", audience: { kind: "leads", leadIds: [leads[0]!.id, leads[1]!.id, leads[2]!.id] } });
    expect(preview).toMatchObject({ total: 2, recipients: 2 });
    expect(preview.samples.map((s) => s.leadId)).toEqual([leads[0]!.id, leads[2]!.id]);
  });

  it("only managers and admins create and control campaigns; members follow them", async () => {
    const { ws, caller } = await workspace("user");
    await addLeads(ws.id, 2);
    expect(await codeOf(caller.campaigns.create({ name: "No", body: "Hi", audience: { kind: "filters", filters: {} }, sendAt: "now" }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.messageTemplates.create({ name: "No", body: "Hi" }))).toBe("FORBIDDEN");
    expect((await caller.campaigns.list({})).items).toEqual([]);
  });
});

describe("message templates", () => {
  it("are kept per workspace, checked on save, and rendered for a lead with the next booking on the lead's clock", async () => {
    const { ws, caller, user } = await workspace();
    const lead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Maya Lopez", phone: "+12012000001", ownerId: user.id, timezone: "Europe/Paris" } });
    await unsafeDb.booking.create({
      data: { subAccountId: ws.id, userId: user.id, leadId: lead.id, timezone: ZONE, startsAt: new Date("2030-06-03T08:00:00Z"), endsAt: new Date("2030-06-03T08:30:00Z") },
    });
    const template = await caller.messageTemplates.create({ name: "Reminder", body: "Hi {{lead.firstName}}, see you {{booking.next}}. {{owner.name}}" });
    expect((await fieldErrorsOf(caller.messageTemplates.create({ name: "Reminder", body: "Again" }))).name?.[0]).toMatch(/already/);
    expect((await fieldErrorsOf(caller.messageTemplates.update({ id: template.id, name: "Reminder", body: "{{lead.phone}}" }))).body?.[0]).toContain("{{lead.phone}}");

    const rendered = await caller.messageTemplates.render({ id: template.id, leadId: lead.id });
    expect(rendered.body).toBe("Hi Maya, see you Mon, Jun 3, 10:00 AM GMT+2. Olivia Owner");

    await caller.messageTemplates.update({ id: template.id, name: "Reminder 2", body: "Hello {{lead.firstName}}" });
    expect((await caller.messageTemplates.list()).map((t) => t.name)).toEqual(["Reminder 2"]);
    await caller.messageTemplates.delete({ id: template.id });
    expect(await caller.messageTemplates.list()).toEqual([]);
    expect(await codeOf(caller.messageTemplates.delete({ id: template.id }))).toBe("NOT_FOUND");
  });

  it("a person's SMS stores its segment count", async () => {
    const { ws, caller } = await workspace();
    const lead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Sam", phone: "+12012000002" } });
    const sent = await caller.messages.send({ leadId: lead.id, channel: "sms", body: "€".repeat(81) });
    expect((await unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(sent.id) } })).smsSegments).toBe(2);
    await caller.messages.send({ leadId: lead.id, channel: "sms", body: "Hello 😀" });
    const latest = await unsafeDb.message.findFirstOrThrow({ where: { leadId: lead.id }, orderBy: { id: "desc" } });
    expect(latest.smsSegments).toBe(1);
  });
});
