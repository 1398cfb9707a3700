import { afterAll, describe, expect, it } from "vitest";

// The Twilio emulator; the workers run as real processes (two at once for the rate, one killed with SIGKILL).
const { startTwilioServer, twilioTestAccount } = await import("../support/twilio-server");
const platform = twilioTestAccount();
const twilioApi = await startTwilioServer({ [platform.accountSid]: platform.authToken });
twilioApi.sendReceipts = false;
Object.assign(process.env, { TWILIO_API_URL: twilioApi.url, TWILIO_ACCOUNT_SID: platform.accountSid, TWILIO_AUTH_TOKEN: platform.authToken });
const { setUpTestWorker } = await import("../support/worker-harness");
const { startWorkerProcess } = await import("../support/worker-process");
const { unsafeDb } = await import("@/server/db/client");
const { tenantDb } = await import("@/server/db/tenant");
const { queueLeadSms } = await import("@/server/services/sms/queue-lead-sms");
const { createUser, createWorkspace, requestContext, signedInCaller } = await import("../support/factories");
const { randomPhone, waitFor } = await import("./helpers");

setUpTestWorker({ inProcess: false });
afterAll(() => twilioApi.close());

async function smsWorkspace(messagesPerSecond: number) {
  const ws = await createWorkspace("SMS workers");
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  const number = await caller.sms.addNumber({ phoneNumber: randomPhone(), messagesPerSecond });
  const ctx = { ...requestContext(), account: null, workspace: { id: ws.id, name: ws.name }, db: tenantDb(ws.id), actingAsAdmin: false };
  return { ws, caller, number, ctx };
}

/** How many messages a worker process handed to Twilio, from its own log. */
const sendsLoggedBy = (output: string) => output.split("\n").filter((l) => l.includes('"msg":"sms handed to twilio"')).length;

describe("SMS sending across worker processes", () => {
  it("two worker processes together never send from one number faster than its rate", async () => {
    const RATE = 4;
    const COUNT = 16;
    const w = await smsWorkspace(RATE);
    const [first, second] = await Promise.all([startWorkerProcess(), startWorkerProcess()]);
    const leads = [];
    for (let i = 0; i < COUNT; i++) leads.push(await w.caller.leads.create({ name: `Rate ${i}`, phone: randomPhone() }));
    for (const [i, lead] of leads.entries()) await queueLeadSms(w.ctx, { leadId: lead.id, body: `Offer ${i}`, origin: "campaign" });
    const from = w.number.phoneNumber!;
    await waitFor(async () => twilioApi.createTimes.filter((c) => c.from === from).length, (n) => n === COUNT, "every send", 60_000);

    const times = twilioApi.createTimes.filter((c) => c.from === from).map((c) => c.at).sort((a, b) => a - b);
    // As Twilio sees them: no window of one second holds more than RATE of the number's messages.
    for (let i = 0; i + RATE < times.length; i++) expect(times[i + RATE]! - times[i]!, `sends ${i}..${i + RATE}`).toBeGreaterThanOrEqual(1000);
    // Without the limiter the two processes send all of them within a fraction of a second.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((Math.floor((COUNT - 1) / RATE) * 1000));
    // Twilio records a send when the request arrives; a worker logs it once the answer is back, a moment later.
    const loggedByBoth = () => sendsLoggedBy(first.output()) + sendsLoggedBy(second.output());
    await waitFor(async () => loggedByBoth(), (n) => n >= COUNT, "every send in the workers' logs");
    expect(loggedByBoth()).toBe(COUNT);
    // Both processes took part.
    expect(sendsLoggedBy(first.output())).toBeGreaterThan(0);
    expect(sendsLoggedBy(second.output())).toBeGreaterThan(0);
    first.child.kill("SIGTERM");
    second.child.kill("SIGTERM");
    await Promise.all([first, second].map((p) => new Promise((resolve) => (p.child.exitCode !== null ? resolve(null) : p.child.once("exit", resolve)))));
  }, 120_000);

  it("a worker killed (SIGKILL) after Twilio accepted a message but before its SID was stored does not send it twice", async () => {
    const w = await smsWorkspace(1);
    const lead = await w.caller.leads.create({ name: "Kim Killed", phone: randomPhone() });
    const first = await startWorkerProcess();
    twilioApi.holdCreates = true;
    const accepted = twilioApi.nextCreate();
    const { message } = await queueLeadSms(w.ctx, { leadId: lead.id, body: "Your table is booked for 8 pm.", origin: "person" });
    const atTwilio = await accepted;
    // Twilio has the message; its answer (with the SID) never reaches the worker.
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(first.child.signalCode).toBe("SIGKILL");
    const interrupted = await unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(message.id) } });
    expect(interrupted).toMatchObject({ status: "sending", externalId: null });
    expect(interrupted.sendStartedAt).toBeInstanceOf(Date);

    twilioApi.holdCreates = false;
    const second = await startWorkerProcess();
    const settled = await waitFor(
      () => unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(message.id) } }),
      (m) => m.status !== "sending",
      "the restarted worker settling the send",
      60_000,
    );
    expect(settled).toMatchObject({ status: "sent", externalId: atTwilio.sid });
    expect(twilioApi.messages.filter((m) => m.to === lead.phone)).toHaveLength(1);
    await waitFor(async () => second.output(), (out) => out.includes("sms found at the provider after an interrupted send; not sent again"), "the recovery in the log");
    second.child.kill("SIGTERM");
    await new Promise((resolve) => (second.child.exitCode !== null ? resolve(null) : second.child.once("exit", resolve)));
  }, 120_000);

  it("an interrupted send that never reached Twilio is sent by the next attempt, once", async () => {
    const w = await smsWorkspace(1);
    const lead = await w.caller.leads.create({ name: "Lou Lost", phone: randomPhone() });
    const { message } = await queueLeadSms(w.ctx, { leadId: lead.id, body: "Reminder: tomorrow 9 am.", origin: "person" });
    // As a worker that died right after committing `sending`, before calling Twilio, leaves it.
    await unsafeDb.message.update({ where: { id: BigInt(message.id) }, data: { status: "sending", sendStartedAt: new Date() } });
    const worker = await startWorkerProcess();
    const settled = await waitFor(
      () => unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(message.id) } }),
      (m) => m.status !== "sending",
      "the send",
      60_000,
    );
    expect(settled.status).toBe("sent");
    expect(twilioApi.messages.filter((m) => m.to === lead.phone).map((m) => m.sid)).toEqual([settled.externalId]);
    worker.child.kill("SIGTERM");
    await new Promise((resolve) => (worker.child.exitCode !== null ? resolve(null) : worker.child.once("exit", resolve)));
  }, 120_000);
});
