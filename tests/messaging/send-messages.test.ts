import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";

// A queue namespace of this file's own, so no other worker takes these jobs; the real worker runs in this process.
const { setUpTestWorker } = await import("../support/worker-harness");
(await import("@/server/integrations/messaging")).resetMessagingDriversCache();

const { unsafeDb } = await import("@/server/db/client");
const { tenantDb } = await import("@/server/db/tenant");
const { getQueue } = await import("@/server/jobs/queues");
const { enqueue } = await import("@/server/jobs/enqueue");
const { sendEmailJob } = await import("@/server/jobs/send-email");
const { sendSmsJob } = await import("@/server/jobs/send-sms");
const { createLogger } = await import("@/server/logger");
const { LOCAL_SMS_FROM } = await import("@/server/integrations/messaging");
const { LocalOutboxDriver, decryptOutboxBody } = await import("@/server/integrations/messaging/local");
const { queueNotificationEmail } = await import("@/server/services/notifications/queue-notification-email");
const { encryptMessageContent } = await import("@/server/services/messages/message-content");
const { loadSessionAccount } = await import("@/server/auth/sessions");
const { createUser, createWorkspace, requestContext, signedInCaller } = await import("../support/factories");
const { fieldErrorsOf } = await import("../leads/helpers");

type WorkspaceContext = import("@/server/context").WorkspaceContext;

setUpTestWorker();

async function workspace() {
  const ws = await createWorkspace("Messaging");
  const user = await createUser({ subAccountId: ws.id, role: "user" });
  const { caller, session } = await signedInCaller({ kind: "user", id: user.id });
  const account = (await loadSessionAccount(session.sessionId))!;
  const ctx: WorkspaceContext = { ...requestContext(), account, workspace: { id: ws.id, name: ws.name }, db: tenantDb(ws.id), actingAsAdmin: false };
  return { ws, user, caller, ctx };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const messageRow = (id: number) => unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(id) } });
const settled = (id: number) => waitFor(() => messageRow(id), (m) => m.status === "sent" || m.status === "failed", `message ${id} settling`);
const outboxOf = (subAccountId: number, reference: string) =>
  unsafeDb.outboxMessage.findMany({ where: { subAccountId, reference }, orderBy: { id: "asc" } });
const runOf = (bullJobId: string) => unsafeDb.jobRun.findFirstOrThrow({ where: { queue: "messaging", bullJobId } });

async function codeOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  return error instanceof TRPCError ? error.code : String(error);
}

describe("sending messages to leads through the messaging jobs", () => {
  it("sends an SMS through the local driver once, records it on the message and on the workspace's JobRun", async () => {
    const { ws, caller } = await workspace();
    const lead = await caller.leads.create({ name: "Ada", phone: "+1 415 555 0100" });

    const sent = await caller.messages.send({ leadId: lead.id, channel: "sms", body: "Hello Ada, is Tuesday fine?" });
    expect(sent).toMatchObject({ leadId: lead.id, channel: "sms", role: "human", status: "queued", content: "Hello Ada, is Tuesday fine?" });
    const row = await settled(sent.id);
    expect(row).toMatchObject({ status: "sent", error: null });
    expect(row.content).not.toContain("Hello");

    const outbox = await outboxOf(ws.id, `message:${sent.id}`);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ channel: "sms", to: "+14155550100", from: LOCAL_SMS_FROM, subject: null, externalId: row.externalId });
    expect(outbox[0]!.body).not.toContain("Hello");
    expect(decryptOutboxBody(outbox[0]!)).toBe("Hello Ada, is Tuesday fine?");

    // The run is completed just after the message row commits.
    const run = await waitFor(() => runOf(`send-sms-message-${sent.id}`), (r) => r.status !== "active", "run completing");
    expect(run).toMatchObject({ subAccountId: ws.id, name: "send-sms", status: "completed", attempts: 1, result: { outcome: "sent", externalId: row.externalId } });
    const listed = await caller.messages.list({ leadId: lead.id });
    expect(listed.items).toEqual([expect.objectContaining({ id: sent.id, status: "sent", content: "Hello Ada, is Tuesday fine?" })]);
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: lead.id } })).lastMessageAt).not.toBeNull();
  });

  it("sends an email with its subject, and does not send it again when the same job runs again", async () => {
    const { ws, caller, ctx } = await workspace();
    const lead = await caller.leads.create({ name: "Bob", email: "bob@example.com" });
    const sent = await caller.messages.send({ leadId: lead.id, channel: "email", subject: "Your visit", body: "See you at 10." });
    const row = await settled(sent.id);
    expect(row.status).toBe("sent");
    const [delivered] = await outboxOf(ws.id, `message:${sent.id}`);
    expect(delivered).toMatchObject({ channel: "email", to: "bob@example.com", subject: "Your visit", tag: "lead-message" });
    // The local outbox keeps what a vendor would get: Reply-To, stream and the threading and unsubscribe headers.
    expect(JSON.parse(decryptOutboxBody(delivered!))).toEqual({
      text: "See you at 10.",
      html: null,
      replyTo: expect.stringMatching(/^reply\+[a-z2-7]{20}@/),
      stream: "transactional",
      headers: [
        { name: "Message-ID", value: expect.stringMatching(/^<m\d+\.[0-9a-f]{12}@/) },
        { name: "List-Unsubscribe", value: expect.stringMatching(/^<.*\/api\/public\/unsubscribe\?token=/) },
        { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
      ],
    });

    // BullMQ no longer keeps the finished job (retention) and the same logical send is enqueued again.
    const jobId = `send-email-message-${sent.id}`;
    // The row is sent a moment before BullMQ records the job finished; a job still active cannot be removed.
    await waitFor(async () => (await getQueue("messaging").getJob(jobId))!.getState(), (state) => state === "completed", "the first run to finish");
    await (await getQueue("messaging").getJob(jobId))!.remove();
    await enqueue(sendEmailJob, { messageId: sent.id }, { ctx });
    const rerun = await waitFor(() => runOf(jobId), (r) => r.status === "completed" && r.attempts === 1 && r.finishedAt !== null, "the second run");
    expect(rerun.result).toEqual({ outcome: "already-sent", externalId: row.externalId });
    expect(await outboxOf(ws.id, `message:${sent.id}`)).toHaveLength(1);
    expect((await messageRow(sent.id)).externalId).toBe(row.externalId);
  });

  it("sends an email reply stored without a subject (an AI reply) under the workspace's name", async () => {
    const { ws, ctx } = await workspace();
    const lead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Replied to", email: "reply@example.com" } });
    const reply = await unsafeDb.message.create({
      data: { subAccountId: ws.id, leadId: lead.id, role: "assistant", channel: "email", status: "queued", content: encryptMessageContent(ws.id, lead.id, "Thanks, see you then.") },
    });
    await enqueue(sendEmailJob, { messageId: Number(reply.id) }, { ctx });
    expect((await settled(Number(reply.id))).status).toBe("sent");
    const [delivered] = await outboxOf(ws.id, `message:${reply.id}`);
    expect(delivered).toMatchObject({ to: "reply@example.com", subject: `A message from ${ws.name}` });
  });

  it("retries an attempt that found the message being sent, and the retry sends exactly once (or not at all if it was sent)", async () => {
    const { ws, caller } = await workspace();
    const leadA = await caller.leads.create({ name: "Held then released", phone: "+1 415 555 0101" });
    const leadB = await caller.leads.create({ name: "Sent by the other attempt", phone: "+1 415 555 0102" });

    await getQueue("messaging").pause();
    const released = await caller.messages.send({ leadId: leadA.id, channel: "sms", body: "first" });
    const sentElsewhere = await caller.messages.send({ leadId: leadB.id, channel: "sms", body: "second" });
    const firstAttemptFailed = (id: number) =>
      waitFor(async () => (await getQueue("messaging").getJob(`send-sms-message-${id}`))!, (j) => j.attemptsMade === 1, `first attempt of ${id}`);

    // Another attempt holds both rows (it is in the middle of sending them).
    await unsafeDb.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Message" WHERE "subAccountId" = ${ws.id} AND id IN (${BigInt(released.id)}, ${BigInt(sentElsewhere.id)}) FOR UPDATE`;
        await getQueue("messaging").resume();
        const jobs = await Promise.all([firstAttemptFailed(released.id), firstAttemptFailed(sentElsewhere.id)]);
        // The attempt failed fast and waits for its retry (BullMQ keeps the error's stack of each attempt).
        for (const job of jobs) expect(job.stacktrace?.[0]).toContain("Another attempt is sending this message right now; this one will check again later.");
        expect(await runOf(`send-sms-message-${released.id}`)).toMatchObject({ status: "queued", attempts: 1 });
        // The other attempt finishes one of them: its provider accepted it and it records that.
        await tx.message.update({ where: { id: BigInt(sentElsewhere.id) }, data: { status: "sent", externalId: "SM-other-attempt" } });
      },
      { timeout: 20_000 },
    );

    const [a, b] = await Promise.all([settled(released.id), settled(sentElsewhere.id)]);
    expect(a.status).toBe("sent");
    expect(await outboxOf(ws.id, `message:${released.id}`)).toHaveLength(1);
    expect(b).toMatchObject({ status: "sent", externalId: "SM-other-attempt" });
    expect(await outboxOf(ws.id, `message:${sentElsewhere.id}`)).toHaveLength(0);

    const runA = await waitFor(() => runOf(`send-sms-message-${released.id}`), (r) => r.status === "completed", "run A");
    expect(runA).toMatchObject({ attempts: 2, result: { outcome: "sent" }, error: null });
    const runB = await waitFor(() => runOf(`send-sms-message-${sentElsewhere.id}`), (r) => r.status === "completed", "run B");
    expect(runB).toMatchObject({ attempts: 2, result: { outcome: "already-sent", externalId: "SM-other-attempt" } });
  }, 30_000);

  it("marks the message failed with a readable error and does not retry a permanent refusal", async () => {
    const { ws, caller } = await workspace();
    const optedOut = await caller.leads.create({ name: "Said STOP", phone: "+1 500 555 0004" });
    const bounced = await caller.leads.create({ name: "Bounced", email: "gone@inactive.invalid" });

    const sms = await caller.messages.send({ leadId: optedOut.id, channel: "sms", body: "Still there?" });
    const email = await caller.messages.send({ leadId: bounced.id, channel: "email", subject: "Hello", body: "Still there?" });
    const [smsRow, emailRow] = await Promise.all([settled(sms.id), settled(email.id)]);
    expect(smsRow).toMatchObject({ status: "failed", externalId: null, error: "The recipient has opted out of SMS from this number (replied STOP)." });
    expect(emailRow).toMatchObject({ status: "failed", externalId: null, error: "The address is inactive (it bounced or unsubscribed); no email can be sent to it." });

    for (const [jobId, error] of [
      [`send-sms-message-${sms.id}`, smsRow.error],
      [`send-email-message-${email.id}`, emailRow.error],
    ] as const) {
      const run = await waitFor(() => runOf(jobId), (r) => r.status === "failed", `run ${jobId} failing`);
      expect(run).toMatchObject({ attempts: 1, error });
      // BullMQ moves the job to failed just after the run records the failure.
      const job = await waitFor(async () => (await getQueue("messaging").getJob(jobId))!, (j) => Boolean(j.finishedOn), `job ${jobId} finishing`);
      expect(await job.getState()).toBe("failed");
      expect(job.attemptsMade).toBe(1);
      expect(job.opts.attempts).toBeGreaterThan(1);
    }
    expect(await unsafeDb.outboxMessage.count({ where: { subAccountId: ws.id } })).toBe(0);
    const listed = await caller.messages.list({ leadId: optedOut.id });
    expect(listed.items[0]).toMatchObject({ status: "failed", error: smsRow.error, content: "Still there?" });
  });

  it("gives field errors and writes nothing when the lead cannot be reached or the message is incomplete", async () => {
    const { ws, caller } = await workspace();
    const noPhone = await caller.leads.create({ name: "Email only", email: "only@example.com" });
    // An address no form would accept, as an older import could have left it.
    const malformed = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Malformed", email: "not-an-email", phone: "+14155550103" } });

    expect((await fieldErrorsOf(caller.messages.send({ leadId: noPhone.id, channel: "sms", body: "Hi" }))).channel).toEqual([
      "The lead has no phone number. Choose another channel or update the lead.",
    ]);
    expect((await fieldErrorsOf(caller.messages.send({ leadId: malformed.id, channel: "email", subject: "Hi", body: "Hi" }))).channel).toEqual([
      "The lead's email address is not valid. Choose another channel or update the lead.",
    ]);
    expect((await fieldErrorsOf(caller.messages.send({ leadId: noPhone.id, channel: "email", body: "No subject" }))).subject).toEqual([
      "An email needs a subject",
    ]);
    expect((await fieldErrorsOf(caller.messages.send({ leadId: malformed.id, channel: "sms", body: "   " }))).body).toEqual(["Write a message"]);
    expect((await fieldErrorsOf(caller.messages.send({ leadId: malformed.id, channel: "sms", body: "x".repeat(1601) }))).body).toEqual([
      "An SMS can hold at most 1600 characters",
    ]);
    expect((await fieldErrorsOf(caller.messages.send({ leadId: malformed.id, channel: "fax" as "sms", body: "Hi" }))).channel).toEqual([
      "Choose SMS, email or web chat",
    ]);

    expect(await unsafeDb.message.count({ where: { subAccountId: ws.id } })).toBe(0);
    expect(await unsafeDb.jobRun.count({ where: { subAccountId: ws.id } })).toBe(0);
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id, lastMessageAt: { not: null } } })).toBe(0);
  });

  it("cannot message, list or send the messages of another workspace's lead", async () => {
    const a = await workspace();
    const b = await workspace();
    const bLead = await b.caller.leads.create({ name: "B's lead", phone: "+1 415 555 0104", email: "b@example.com" });
    await getQueue("messaging").pause();
    const bMessage = await b.caller.messages.send({ leadId: bLead.id, channel: "sms", body: "B's secret" });

    expect(await codeOf(a.caller.messages.send({ leadId: bLead.id, channel: "sms", body: "Hijack" }))).toBe("NOT_FOUND");
    expect(await codeOf(a.caller.messages.send({ leadId: bLead.id, channel: "email", subject: "x", body: "Hijack" }))).toBe("NOT_FOUND");
    expect(await codeOf(a.caller.messages.list({ leadId: bLead.id }))).toBe("NOT_FOUND");
    expect(await unsafeDb.message.count({ where: { subAccountId: a.ws.id } })).toBe(0);

    // A job of workspace A naming B's message finds nothing: the workspace is the JobRun's, not the payload's.
    const probeId = `a-probe-${randomUUID()}`;
    await enqueue(sendSmsJob, { messageId: bMessage.id }, { ctx: a.ctx, jobId: probeId });
    await getQueue("messaging").resume();
    const run = await waitFor(() => runOf(probeId), (r) => r.status === "failed", "A's run failing");
    expect(run).toMatchObject({ subAccountId: a.ws.id, attempts: 1, error: "No such message in this workspace." });
    expect(await outboxOf(a.ws.id, `message:${bMessage.id}`)).toHaveLength(0);

    // B's own job still sends B's message, once.
    expect((await settled(bMessage.id)).status).toBe("sent");
    expect(await outboxOf(b.ws.id, `message:${bMessage.id}`)).toHaveLength(1);
  });

  it("returns the first message when the same compose is sent twice", async () => {
    const { ws, caller } = await workspace();
    const lead = await caller.leads.create({ name: "Double click", phone: "+1 415 555 0105" });
    const idempotencyKey = randomUUID();
    const [first, second] = await Promise.all([
      caller.messages.send({ leadId: lead.id, channel: "sms", body: "Once", idempotencyKey }),
      caller.messages.send({ leadId: lead.id, channel: "sms", body: "Once", idempotencyKey }),
    ]);
    expect(second.id).toBe(first.id);
    expect((await fieldErrorsOf(caller.messages.send({ leadId: lead.id, channel: "sms", body: "Different", idempotencyKey }))).idempotencyKey).toBeDefined();
    await settled(first.id);
    expect(await unsafeDb.message.count({ where: { subAccountId: ws.id } })).toBe(1);
    expect(await unsafeDb.outboxMessage.count({ where: { subAccountId: ws.id } })).toBe(1);
  });

  it("sends more messages at once than the database pool has connections, each once", async () => {
    const { ws, caller } = await workspace();
    // The worker runs up to 10 sends at once on a pool of DATABASE_POOL_SIZE (5 in tests); each send holds one
    // connection for its row lock while the driver runs, so the driver must not need a second one.
    const count = 12;
    await unsafeDb.lead.createMany({
      data: Array.from({ length: count }, (_, i) => ({ subAccountId: ws.id, name: `Bulk ${i}`, phone: `+1415555${String(1000 + i)}` })),
    });
    const leads = await unsafeDb.lead.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" } });
    const sent = await Promise.all(leads.map((lead) => caller.messages.send({ leadId: lead.id, channel: "sms", body: `Hi ${lead.name}` })));
    const rows = await Promise.all(sent.map((m) => waitFor(() => messageRow(m.id), (r) => r.status === "sent" || r.status === "failed", `message ${m.id} settling`, 15_000)));
    expect(rows.map((r) => r.status)).toEqual(Array(count).fill("sent"));
    expect(await unsafeDb.outboxMessage.count({ where: { subAccountId: ws.id } })).toBe(count);
  });

  it("lists a lead's messages newest first, a page at a time", async () => {
    const { caller } = await workspace();
    const lead = await caller.leads.create({ name: "Chatty", phone: "+1 415 555 0106" });
    const ids: number[] = [];
    for (const body of ["one", "two", "three"]) ids.push((await caller.messages.send({ leadId: lead.id, channel: "sms", body })).id);
    const page1 = await caller.messages.list({ leadId: lead.id, limit: 2 });
    expect(page1.items.map((m) => m.content)).toEqual(["three", "two"]);
    const page2 = await caller.messages.list({ leadId: lead.id, limit: 2, cursor: page1.nextCursor });
    expect(page2).toEqual({ items: [expect.objectContaining({ id: ids[0], content: "one" })], nextCursor: null });
  });
});

describe("notification emails to workspace users", () => {
  it("stores the email as a row (bodies encrypted), sends it once through send-email, and answers a repeat with the same row", async () => {
    const { ws, user, ctx } = await workspace();
    const input = {
      kind: "owner_alert" as const,
      to: { userId: user.id },
      subject: "A lead replied",
      text: "Ada replied to your message.",
      html: "<p>Ada replied to your message.</p>",
      idempotencyKey: `owner-alert:${randomUUID()}`,
    };
    const queued = await queueNotificationEmail(ctx, input);
    const row = await waitFor(() => unsafeDb.notificationEmail.findUniqueOrThrow({ where: { id: queued.id } }), (n) => n.status === "sent", "notification sent");
    expect(row).toMatchObject({ toEmail: user.email, toUserId: user.id, subject: "A lead replied", error: null });
    expect(row.textBody).not.toContain("Ada");
    expect(row.sentAt).not.toBeNull();

    const outbox = await outboxOf(ws.id, `notification:${queued.id}`);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ channel: "email", to: user.email, subject: "A lead replied", tag: "owner-alert", externalId: row.externalId });
    expect(JSON.parse(decryptOutboxBody(outbox[0]!))).toEqual({ text: input.text, html: input.html });
    const run = await waitFor(() => runOf(`send-email-notification-${queued.id}`), (r) => r.status !== "active", "run completing");
    expect(run).toMatchObject({ subAccountId: ws.id, status: "completed" });

    expect((await queueNotificationEmail(ctx, input)).id).toBe(queued.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(await outboxOf(ws.id, `notification:${queued.id}`)).toHaveLength(1);
  });

  it("refuses a recipient who is not a member of the workspace, and writes nothing", async () => {
    const a = await workspace();
    const b = await workspace();
    const attempt = queueNotificationEmail(a.ctx, { kind: "owner_alert", to: { userId: b.user.id }, subject: "x", text: "y", idempotencyKey: "k" });
    await expect(attempt).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { "to.userId": ["No active member of this workspace has this id."] } });
    const badAddress = queueNotificationEmail(a.ctx, { kind: "invitation", to: { email: "nope" }, subject: "x", text: "y", idempotencyKey: "k" });
    await expect(badAddress).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { "to.email": ["Enter a valid email address"] } });
    expect(await unsafeDb.notificationEmail.count({ where: { subAccountId: { in: [a.ws.id, b.ws.id] } } })).toBe(0);
  });
});

describe("the local driver", () => {
  it("logs one line per delivery with the recipient masked and never the body", async () => {
    const ws = await createWorkspace("Outbox");
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
    const driver = new LocalOutboxDriver(createLogger(sink, "info"));
    const body = `secret body ${randomUUID()}`;
    await driver.sendSms({ workspaceId: ws.id, reference: "message:1", to: "+14155550107", from: LOCAL_SMS_FROM, body });
    await driver.sendEmail({ workspaceId: ws.id, reference: "notification:1", to: "carol@example.com", from: "a@b.c", subject: "S", text: body });
    expect(lines).toHaveLength(2);
    const [smsLine, emailLine] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(smsLine).toMatchObject({ driver: "local", channel: "sms", to: "+141***07", reference: "message:1" });
    expect(emailLine).toMatchObject({ driver: "local", channel: "email", to: "c***@example.com", reference: "notification:1" });
    const text = lines.join("");
    expect(text).not.toContain(body);
    expect(text).not.toContain("4155550107");
    expect(text).not.toContain("carol");
  });
});
