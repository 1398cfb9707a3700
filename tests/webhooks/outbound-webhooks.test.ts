import { afterAll, describe, expect, it } from "vitest";

// The receiver first: its address is the one the development allow-list lets through (before the app reads its env).
const { startWebhookReceiver, verifyStandardWebhook } = await import("../support/webhook-receiver");
const receiver = await startWebhookReceiver();
process.env.WEBHOOK_ALLOWED_HOSTS = `127.0.0.1:${receiver.port}`;
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { getQueue } = await import("@/server/jobs/queues");
const { refusalOfAddress } = await import("@/server/integrations/outbound/address-guard");
const { closeWebhookAgents } = await import("@/server/integrations/webhooks/http-delivery");
const { RETRY_DELAYS_MS, MAX_ATTEMPTS } = await import("@/server/services/webhooks/delivery-schedule");
const { createUser, createWorkspace, signedInCaller, uniqueEmail, workspaceContext } = await import("../support/factories");
const { webhooksSubscriber } = await import("@/server/services/webhooks/webhooks-subscriber");
const { rejectionOf } = await import("../bookings/world");
const { waitFor } = await import("../agents/world");

setUpTestWorker();
afterAll(async () => {
  await closeWebhookAgents();
  await receiver.close();
});

async function adminWorld() {
  const ws = await createWorkspace("Webhooks");
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  return { ws, admin, caller };
}
type Caller = Awaited<ReturnType<typeof adminWorld>>["caller"];

/** The webhooks that arrived on `path`, once there are `count` of them. */
const arrivals = (path: string, count: number) =>
  waitFor(async () => {
    const hits = receiver.received.filter((r) => r.path === path);
    return hits.length >= count ? hits : undefined;
  }, `${count} webhooks on ${path}`);

const deliveryOf = (endpointId: number, where: object = {}) =>
  waitFor(() => unsafeDb.webhookDelivery.findFirst({ where: { endpointId, ...where }, orderBy: { id: "desc" } }), "a delivery");

async function endpoint(caller: Caller, path: string, eventTypes: ("lead.created" | "lead.updated" | "booking.created")[] = ["lead.created"]) {
  return caller.webhooks.create({ url: receiver.url(path), description: "CRM sync", eventTypes });
}

/** Runs the delayed job of a delivery's next attempt now (the schedule itself is checked on the job's delay). */
async function promoteAttempt(deliveryId: bigint, attempt: number, expectedDelay: number) {
  const job = await waitFor(() => getQueue("webhooks").getJob(`webhook-delivery-${deliveryId}-${attempt}`), `attempt ${attempt} queued`);
  expect(job.opts.delay).toBe(expectedDelay);
  await job.promote();
}

describe("outbound webhooks", () => {
  it("delivers a chosen event, signed per Standard Webhooks (verified independently), and logs the answer; the secret is shown once", async () => {
    const { caller } = await adminWorld();
    const path = "/first";
    const { endpoint: created, secret } = await endpoint(caller, path);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(await caller.webhooks.list())).not.toContain(secret.slice(6));
    expect(JSON.stringify(await caller.webhooks.list())).not.toMatch(/"secret"/);
    const other = await endpoint(caller, "/bookings-only", ["booking.created"]);

    const email = uniqueEmail("hook");
    const lead = await caller.leads.create({ name: "Hooked", email });
    const [hit] = await arrivals(path, 1);
    expect(verifyStandardWebhook(secret, hit!.headers, hit!.body)).toBe(true);
    expect(verifyStandardWebhook(other.secret, hit!.headers, hit!.body)).toBe(false);
    const body = JSON.parse(hit!.body);
    expect(body).toMatchObject({ type: "lead.created", data: { lead: { id: lead.id, name: "Hooked", email } } });
    expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const event = await unsafeDb.domainEvent.findFirstOrThrow({ where: { type: "lead.created", data: { path: ["lead", "id"], equals: lead.id } } });
    expect(hit!.headers["webhook-id"]).toBe(`msg_${event.id}`);

    const delivery = await deliveryOf(created.id, { status: "succeeded" });
    expect(delivery).toMatchObject({ attempts: 1, responseStatus: 200, responseExcerpt: "ok", error: null, nextAttemptAt: null });
    expect(delivery.durationMs).toBeGreaterThanOrEqual(0);
    const log = await caller.webhooks.deliveries({ endpointId: created.id });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ id: delivery.id.toString(), eventType: "lead.created", status: "succeeded", responseStatus: 200 });
    // As the page's infinite query asks for it (tRPC adds the cursor and the direction).
    expect((await caller.webhooks.deliveries({ endpointId: created.id, limit: 20, cursor: null, direction: "forward" })).items).toHaveLength(1);
    // The bookings-only endpoint got nothing.
    expect(receiver.received.filter((r) => r.path === "/bookings-only")).toHaveLength(0);
    expect(await unsafeDb.webhookDelivery.count({ where: { endpointId: other.endpoint.id } })).toBe(0);
  });

  it("fans one event out to every endpoint that chose it in one insert; a repeated fan-out queues only what was never queued", async () => {
    const { ws, caller } = await adminWorld();
    const a = await endpoint(caller, "/fan-a");
    const b = await endpoint(caller, "/fan-b");
    await endpoint(caller, "/fan-other", ["booking.created"]);
    const lead = await caller.leads.create({ name: "Fanned", email: uniqueEmail("fan") });
    const [hitA] = await arrivals("/fan-a", 1);
    const [hitB] = await arrivals("/fan-b", 1);
    expect(hitA!.headers["webhook-id"]).toBe(hitB!.headers["webhook-id"]);
    expect(verifyStandardWebhook(a.secret, hitA!.headers, hitA!.body)).toBe(true);
    expect(verifyStandardWebhook(b.secret, hitB!.headers, hitB!.body)).toBe(true);
    const event = await unsafeDb.domainEvent.findFirstOrThrow({ where: { subAccountId: ws.id, type: "lead.created", data: { path: ["lead", "id"], equals: lead.id } } });
    await waitFor(async () => (await unsafeDb.webhookDelivery.count({ where: { eventId: event.id, status: "succeeded" } })) === 2, "both delivered");

    // The same event handed to the subscriber again (a retried fan-out): nothing new made or sent.
    const ctx = workspaceContext(ws);
    const record = { ...event, type: "lead.created" as const };
    await webhooksSubscriber.handle(ctx, record);
    expect(await unsafeDb.webhookDelivery.count({ where: { eventId: event.id } })).toBe(2);

    // A fan-out that inserted a delivery and then failed before queueing it: the retry queues that one too.
    const c = await endpoint(caller, "/fan-c");
    const second = await caller.leads.create({ name: "Half done", email: uniqueEmail("half") });
    const secondEvent = await waitFor(
      () => unsafeDb.domainEvent.findFirst({ where: { subAccountId: ws.id, data: { path: ["lead", "id"], equals: second.id }, dispatchedAt: { not: null } } }),
      "the second event dispatched",
    );
    await arrivals("/fan-c", 1);
    const orphan = await unsafeDb.webhookDelivery.create({
      data: { subAccountId: ws.id, endpointId: c.endpoint.id, eventId: 999_000_000_000n + secondEvent.id, eventType: "lead.created", webhookId: "msg_orphan", payload: "{}", fanOutKey: `${999_000_000_000n + secondEvent.id}:${c.endpoint.id}` },
    });
    await webhooksSubscriber.handle(ctx, { ...secondEvent, id: 999_000_000_000n + secondEvent.id, type: "lead.created" });
    await waitFor(async () => (await unsafeDb.webhookDelivery.findUniqueOrThrow({ where: { id: orphan.id } })).status === "succeeded", "the orphan delivered");
    // The others got their own new delivery for that (made-up) event, once.
    expect(await unsafeDb.webhookDelivery.count({ where: { eventId: 999_000_000_000n + secondEvent.id } })).toBe(3);
  });

  it("retries with exponential backoff (5 s, then 30 s, ...), keeping 1 KB of each answer, until the endpoint accepts", async () => {
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) / 3_600_000).toBeGreaterThan(23);
    expect(MAX_ATTEMPTS).toBe(11);
    const { caller } = await adminWorld();
    const path = "/flaky";
    const { endpoint: created, secret } = await endpoint(caller, path);
    receiver.answer({ status: 500, body: "x".repeat(5_000) }, { status: 503, body: "busy" });
    await caller.leads.create({ name: "Retry", email: uniqueEmail("retry") });

    const first = await deliveryOf(created.id, { attempts: 1 });
    expect(first).toMatchObject({ status: "pending", responseStatus: 500, error: "The endpoint answered HTTP 500. Retrying." });
    expect(first.responseExcerpt).toHaveLength(1024);
    expect(first.nextAttemptAt!.getTime() - first.lastAttemptAt!.getTime()).toBeGreaterThanOrEqual(5_000 - 50);
    await promoteAttempt(first.id, 2, 5_000);
    const second = await deliveryOf(created.id, { attempts: 2 });
    expect(second).toMatchObject({ status: "pending", responseStatus: 503, responseExcerpt: "busy" });
    await promoteAttempt(first.id, 3, 30_000);
    const third = await deliveryOf(created.id, { attempts: 3, status: "succeeded" });
    expect(third.nextAttemptAt).toBeNull();

    const hits = await arrivals(path, 3);
    // One message, three attempts: the same webhook-id, each signature valid for its own timestamp.
    expect(new Set(hits.map((h) => h.headers["webhook-id"])).size).toBe(1);
    for (const hit of hits) expect(verifyStandardWebhook(secret, hit.headers, hit.body)).toBe(true);
    expect((await unsafeDb.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } })).failingSince).toBeNull();
  });

  it("turns off an endpoint that failed for 24 hours and emails the workspace's admins; no more deliveries", async () => {
    const { ws, admin, caller } = await adminWorld();
    const secondAdmin = await createUser({ subAccountId: ws.id, role: "admin" });
    const path = "/dead";
    const { endpoint: created } = await endpoint(caller, path);
    // It has failed since yesterday (every attempt since then).
    await unsafeDb.webhookEndpoint.update({ where: { id: created.id }, data: { failingSince: new Date(Date.now() - 25 * 3_600_000) } });
    receiver.answer({ status: 500, body: "down" });
    await caller.leads.create({ name: "Last straw", email: uniqueEmail("dead") });

    const off = await waitFor(async () => {
      const row = await unsafeDb.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
      return row.enabled ? undefined : row;
    }, "the endpoint turned off");
    expect(off.disabledReason).toBe("Turned off automatically: every delivery attempt failed for 24 hours.");
    expect(off.disabledAt).not.toBeNull();
    const emails = await waitFor(async () => {
      const rows = await unsafeDb.notificationEmail.findMany({ where: { subAccountId: ws.id, kind: "webhook_disabled" } });
      return rows.length === 2 ? rows : undefined;
    }, "two emails");
    expect(emails.map((e) => e.toUserId).sort()).toEqual([admin.id, secondAdmin.id].sort());
    expect(emails[0]!.subject).toBe(`A webhook of ${ws.name} was turned off`);

    // The pending retry gives up without calling; new events make no delivery.
    const delivery = await deliveryOf(created.id);
    await promoteAttempt(delivery.id, 2, 5_000);
    await waitFor(async () => (await unsafeDb.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status === "failed", "the retry given up");
    expect((await unsafeDb.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).error).toBe("Not sent: the endpoint is turned off.");
    const before = receiver.received.filter((r) => r.path === path).length;
    const later = await caller.leads.create({ name: "Ignored", email: uniqueEmail("ignored") });
    await waitFor(async () => (await unsafeDb.domainEvent.findFirst({ where: { subAccountId: ws.id, data: { path: ["lead", "id"], equals: later.id }, dispatchedAt: { not: null } } })), "the later event dispatched");
    expect(await unsafeDb.webhookDelivery.count({ where: { endpointId: created.id } })).toBe(1);
    expect(receiver.received.filter((r) => r.path === path)).toHaveLength(before);
    // A resend is refused while it is off; turning it on clears the streak.
    expect((await rejectionOf(caller.webhooks.resend({ id: delivery.id.toString() }))).code).toBe("PRECONDITION_FAILED");
    const on = await caller.webhooks.setEnabled({ id: created.id, enabled: true });
    expect(on).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null, failingSince: null });
  });

  it("resends a delivery with the same body and webhook-id; sends a test event", async () => {
    const { caller } = await adminWorld();
    const path = "/resend";
    const { endpoint: created, secret } = await endpoint(caller, path);
    await caller.leads.create({ name: "Again", email: uniqueEmail("again") });
    const original = await deliveryOf(created.id, { status: "succeeded" });
    const resent = await caller.webhooks.resend({ id: original.id.toString() });
    expect(resent).toMatchObject({ resendOfId: original.id.toString(), status: "pending" });
    const [first, second] = await arrivals(path, 2);
    expect(second!.body).toBe(first!.body);
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(verifyStandardWebhook(secret, second!.headers, second!.body)).toBe(true);

    const test = await caller.webhooks.sendTest({ id: created.id, eventType: "booking.created" });
    expect(test.isTest).toBe(true);
    const hits = await arrivals(path, 3);
    const body = JSON.parse(hits[2]!.body);
    expect(body).toMatchObject({ type: "booking.created", test: true, data: { booking: { id: 0 } } });
    expect(verifyStandardWebhook(secret, hits[2]!.headers, hits[2]!.body)).toBe(true);
    await waitFor(async () => (await unsafeDb.webhookDelivery.findUniqueOrThrow({ where: { id: BigInt(test.id) } })).status === "succeeded", "the test delivered");
  });

  it("rotation: the new secret signs at once (no stale cached secret); during the overlap both verify; after it only the new one", async () => {
    const { caller } = await adminWorld();
    const path = "/rotate";
    const { endpoint: created, secret: oldSecret } = await endpoint(caller, path);
    // A delivery before the rotation: the worker now holds the old secret decrypted (its short cache).
    await caller.leads.create({ name: "Before", email: uniqueEmail("before") });
    const [before] = await arrivals(path, 1);
    expect(before!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(verifyStandardWebhook(oldSecret, before!.headers, before!.body)).toBe(true);
    const rotated = await caller.webhooks.rotateSecret({ id: created.id });
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.endpoint.previousSecretExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await caller.leads.create({ name: "Rotated", email: uniqueEmail("rot") });
    const [, during] = await arrivals(path, 2);
    expect(during!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verifyStandardWebhook(oldSecret, during!.headers, during!.body)).toBe(true);
    expect(verifyStandardWebhook(rotated.secret, during!.headers, during!.body)).toBe(true);

    await unsafeDb.webhookEndpoint.update({ where: { id: created.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1_000) } });
    await caller.leads.create({ name: "After", email: uniqueEmail("after") });
    const [, , after] = await arrivals(path, 3);
    expect(after!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(verifyStandardWebhook(oldSecret, after!.headers, after!.body)).toBe(false);
    expect(verifyStandardWebhook(rotated.secret, after!.headers, after!.body)).toBe(true);
  });

  it("SSRF: refuses loopback, private, metadata and IPv6 loopback addresses, and a name resolving to them, at registration", async () => {
    const { ws, caller } = await adminWorld();
    for (const url of [
      "http://127.0.0.1/hook",
      "http://10.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]/hook",
      `http://localhost:${receiver.port}/hook`,
      "http://[::ffff:127.0.0.1]/hook",
      "http://100.64.0.1/hook",
      "http://192.168.1.1/hook",
      "http://0.0.0.0/hook",
    ]) {
      const refused = await rejectionOf(caller.webhooks.create({ url, eventTypes: ["lead.created"] }));
      expect(refused.code, url).toBe("BAD_REQUEST");
      expect(refused.fieldErrors.url?.[0], url).toMatch(/^Webhooks cannot be sent to .* it resolves to /);
    }
    const withCredentials = await rejectionOf(caller.webhooks.create({ url: "https://user:pw@93.184.216.34/hook", eventTypes: ["lead.created"] }));
    expect(withCredentials.fieldErrors.url?.[0]).toBe("The address must not contain a user name or password.");
    const ftp = await rejectionOf(caller.webhooks.create({ url: "ftp://93.184.216.34/hook", eventTypes: ["lead.created"] }));
    expect(ftp.code).toBe("BAD_REQUEST");
    const update = await endpoint(caller, "/ok");
    expect((await rejectionOf(caller.webhooks.update({ id: update.endpoint.id, url: "http://169.254.169.254/" }))).fieldErrors.url?.[0]).toMatch(/link-local/);
    expect(await unsafeDb.webhookEndpoint.findMany({ where: { subAccountId: ws.id }, select: { url: true } })).toEqual([{ url: receiver.url("/ok") }]);
  });

  it("SSRF at delivery: an endpoint whose address now resolves to loopback is not called", async () => {
    const { caller } = await adminWorld();
    const { endpoint: created } = await endpoint(caller, "/rebind");
    // As if the name had been re-pointed after registration: the delivery checks again, after resolving.
    await unsafeDb.webhookEndpoint.update({ where: { id: created.id }, data: { url: `http://localhost:${receiver.port}/rebind` } });
    const before = receiver.received.length;
    await caller.webhooks.sendTest({ id: created.id });
    const failed = await deliveryOf(created.id, { status: "failed" });
    expect(failed.error).toMatch(/^Webhooks cannot be sent to localhost: it resolves to a loopback address/);
    expect(failed.responseStatus).toBeNull();
    await unsafeDb.webhookEndpoint.update({ where: { id: created.id }, data: { url: "http://10.0.0.1:9/rebind" } });
    await caller.webhooks.sendTest({ id: created.id });
    const literal = await waitFor(() => unsafeDb.webhookDelivery.findFirst({ where: { endpointId: created.id, status: "failed", id: { gt: failed.id } } }), "the second test");
    expect(literal.error).toMatch(/private network address/);
    expect(receiver.received.length).toBe(before);
  });

  it("classifies addresses with ipaddr.js", () => {
    const table: [string, string | null][] = [
      ["8.8.8.8", null],
      ["2606:4700:4700::1111", null],
      ["127.0.0.1", "a loopback address"],
      ["10.1.2.3", "a private network address"],
      ["172.16.0.1", "a private network address"],
      ["192.168.0.1", "a private network address"],
      ["100.64.0.1", "a carrier-grade NAT address"],
      ["169.254.169.254", "a link-local address (cloud metadata lives there)"],
      ["::1", "a loopback address"],
      ["fe80::1", "a link-local address (cloud metadata lives there)"],
      ["fd00::1", "a private (unique-local) IPv6 address"],
      ["::ffff:127.0.0.1", "a loopback address"],
      ["::ffff:10.0.0.1", "a private network address"],
      ["0.0.0.0", "an unspecified address"],
      ["::", "an unspecified address"],
      ["224.0.0.1", "a multicast address"],
      ["ff02::1", "a multicast address"],
      ["255.255.255.255", "a broadcast address"],
    ];
    for (const [address, expected] of table) expect(refusalOfAddress(address), address).toBe(expected);
  });

  it("members other than admins cannot manage webhooks", async () => {
    const { ws, caller } = await adminWorld();
    const { endpoint: created } = await endpoint(caller, "/members");
    const member = await createUser({ subAccountId: ws.id, role: "user" });
    const { caller: memberCaller } = await signedInCaller({ kind: "user", id: member.id });
    expect((await rejectionOf(memberCaller.webhooks.list())).code).toBe("FORBIDDEN");
    expect((await rejectionOf(memberCaller.webhooks.rotateSecret({ id: created.id }))).code).toBe("FORBIDDEN");
    const other = await createWorkspace("Other");
    expect(await unsafeDb.webhookEndpoint.count({ where: { subAccountId: other.id } })).toBe(0);
  });
});
