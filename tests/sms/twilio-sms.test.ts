import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import twilio from "twilio";

// The local model, the Twilio emulator and this file's app routes over HTTP; then this file's queues and worker.
const { local } = await import("../support/local-model");
const { startTwilioServer, twilioTestAccount } = await import("../support/twilio-server");
const { startRouteServer } = await import("../support/route-server");
const { POST: inboundRoute } = await import("@/app/api/webhooks/twilio/sms/route");
const { POST: statusRoute } = await import("@/app/api/webhooks/twilio/status/route");

const platform = twilioTestAccount();
const own = twilioTestAccount();
const twilioApi = await startTwilioServer({ [platform.accountSid]: platform.authToken, [own.accountSid]: own.authToken });
const app = await startRouteServer({ "/api/webhooks/twilio/sms": inboundRoute, "/api/webhooks/twilio/status": statusRoute });
Object.assign(process.env, {
  PUBLIC_URL: app.url,
  TWILIO_API_URL: twilioApi.url,
  TWILIO_ACCOUNT_SID: platform.accountSid,
  TWILIO_AUTH_TOKEN: platform.authToken,
});
const { setUpTestWorker } = await import("../support/worker-harness");
const { resetEnvCache } = await import("@/env");
const { unsafeDb } = await import("@/server/db/client");
const { decryptMessageContent } = await import("@/server/services/messages/message-content");
const { localTwilioAuthToken } = await import("@/server/services/sms/sms-channel");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { randomPhone, randomSid, waitFor } = await import("./helpers");

setUpTestWorker();
afterAll(async () => {
  await app.close();
  await twilioApi.close();
});
beforeEach(() => local.reset());

const INBOUND_URL = `${app.url}/api/webhooks/twilio/sms`;

/** A workspace whose admin set up SMS: its own Twilio account (or the platform's) and one number. */
async function smsWorkspace(opts: { ownAccount?: boolean; settings?: Record<string, unknown> } = {}) {
  const ws = await createWorkspace("SMS");
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  if (opts.ownAccount !== false) await caller.sms.setCredentials(own);
  const number = await caller.sms.addNumber({ phoneNumber: randomPhone(), label: "Front desk" });
  if (opts.settings) await caller.sms.updateSettings(opts.settings);
  const strategy = await caller.strategies.create({ name: "Front desk", aiName: "Ava", delayMin: 0, delayMax: 0 });
  const token = opts.ownAccount === false ? platform.authToken : own.authToken;
  return { ws, admin, caller, number, strategy, token };
}

const inbound = (to: string, from: string, body: string, extra: Record<string, string> = {}): Record<string, string> => ({
  MessageSid: randomSid(),
  AccountSid: own.accountSid,
  From: from,
  To: to,
  Body: body,
  NumMedia: "0",
  ...extra,
});

const messagesOfWorkspace = async (subAccountId: number) =>
  (await unsafeDb.message.findMany({ where: { subAccountId }, orderBy: { id: "asc" } })).map((m) => ({ ...m, text: decryptMessageContent(m) }));

/** The worker has processed every inbound SMS the webhook recorded for the workspace (the route only records and queues). */
const inboundProcessed = (subAccountId: number) =>
  waitFor(
    () => unsafeDb.webhookEvent.count({ where: { subAccountId, provider: "twilio", providerEventId: { startsWith: "sms:" }, status: "received" } }),
    (n) => n === 0,
    "the inbound SMS processed",
  );

async function codeOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  return error instanceof TRPCError ? [error.code, error.message] : [String(error)];
}

describe("SMS over Twilio: credentials and numbers", () => {
  it("stores the workspace's auth token encrypted and never returns it; a number is unique on the whole platform", async () => {
    const w = await smsWorkspace();
    const row = await unsafeDb.twilioAccount.findUniqueOrThrow({ where: { subAccountId: w.ws.id } });
    expect(row.accountSid).toBe(own.accountSid);
    expect(row.authToken).not.toContain(own.authToken);
    const settings = await w.caller.sms.settings();
    expect(JSON.stringify(settings)).not.toContain(own.authToken);
    expect(JSON.stringify(settings)).not.toContain(own.accountSid);
    expect(settings.account.source).toBe("workspace");
    expect(settings.numbers.map((n) => n.phoneNumber)).toEqual([w.number.phoneNumber]);

    const other = await smsWorkspace({ ownAccount: false });
    const taken = await other.caller.sms.addNumber({ phoneNumber: w.number.phoneNumber! }).then(() => null, (e: TRPCError) => e);
    expect(taken?.code).toBe("BAD_REQUEST");
    expect(taken?.message).toBe("This number is already in use on the platform.");
    expect((await other.caller.sms.settings()).account.source).toBe("platform");
  });
});

describe("SMS over Twilio: credentials are checked with Twilio when saved", () => {
  async function admin() {
    const ws = await createWorkspace("SMS credentials");
    const user = await createUser({ subAccountId: ws.id, role: "admin" });
    return { ws, caller: (await signedInCaller({ kind: "user", id: user.id })).caller };
  }

  it("a wrong auth token is refused in words on the token field; nothing is stored and the token is not echoed", async () => {
    const { ws, caller } = await admin();
    const wrong = "c".repeat(32);
    const error = await caller.sms.setCredentials({ accountSid: own.accountSid, authToken: wrong }).then(() => null, (e: TRPCError) => e);
    expect(error?.code).toBe("BAD_REQUEST");
    expect(error?.message).toMatch(/^Twilio did not accept these credentials: the Account SID or the auth token is wrong/);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(await unsafeDb.twilioAccount.count({ where: { subAccountId: ws.id } })).toBe(0);
    // An account Twilio does not know is the same refusal.
    const unknown = twilioTestAccount();
    await expect(caller.sms.setCredentials(unknown)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a suspended account is refused with Twilio's reason; an unreachable Twilio is a try-again, never a save", async () => {
    const { ws, caller } = await admin();
    const suspended = twilioTestAccount();
    const api = await startTwilioServer({ [suspended.accountSid]: suspended.authToken });
    api.accountStatus[suspended.accountSid] = "suspended";
    process.env.TWILIO_API_URL = api.url;
    resetEnvCache();
    try {
      const error = await caller.sms.setCredentials(suspended).then(() => null, (e: TRPCError) => e);
      expect([error?.code, error?.message]).toEqual([
        "PRECONDITION_FAILED",
        "Twilio says this account is suspended: it cannot send or receive messages until Twilio lifts the suspension.",
      ]);
      await api.close();
      const unreachable = await caller.sms.setCredentials(suspended).then(() => null, (e: TRPCError) => e);
      expect([unreachable?.code, unreachable?.message]).toEqual(["SERVICE_UNAVAILABLE", "Twilio could not be reached to check these credentials; nothing was saved. Try again in a moment."]);
    } finally {
      process.env.TWILIO_API_URL = twilioApi.url;
      resetEnvCache();
    }
    expect(await unsafeDb.twilioAccount.count({ where: { subAccountId: ws.id } })).toBe(0);
    // The Accounts API answers with the auth token; the settings never carry it.
    const saved = await caller.sms.setCredentials(own);
    expect(saved.account.source).toBe("workspace");
    expect(JSON.stringify(saved)).not.toContain(own.authToken);
  });
});

describe("SMS over Twilio: check connection (Settings › SMS)", () => {
  it("names the Twilio account the workspace sends through and its status, through the Accounts API; never the token", async () => {
    const ws = await createWorkspace("SMS check");
    const admin = await createUser({ subAccountId: ws.id, role: "admin" });
    const member = await createUser({ subAccountId: ws.id, role: "user" });
    const { caller } = await signedInCaller({ kind: "user", id: admin.id });
    twilioApi.accountNames[platform.accountSid] = "Loctelli agency";
    twilioApi.accountNames[own.accountSid] = "Brightside Plumbing (client)";
    try {
      // No account of its own: the platform's.
      expect(await caller.sms.checkConnection()).toMatchObject({ source: "platform", ok: true, friendlyName: "Loctelli agency", status: "active", message: null });
      await caller.sms.setCredentials(own);
      const checked = await caller.sms.checkConnection();
      expect(checked).toMatchObject({ source: "workspace", ok: true, friendlyName: "Brightside Plumbing (client)", status: "active", message: null });
      expect(JSON.stringify(checked)).not.toContain(own.authToken);
      // Twilio suspends it: the name and status still show, with what it means.
      twilioApi.accountStatus[own.accountSid] = "suspended";
      expect(await caller.sms.checkConnection()).toMatchObject({
        source: "workspace",
        ok: false,
        friendlyName: "Brightside Plumbing (client)",
        status: "suspended",
        message: "Twilio says this account is suspended: it cannot send or receive messages until Twilio lifts the suspension.",
      });
      delete twilioApi.accountStatus[own.accountSid];
      // Without any account there is nothing to ask Twilio.
      await caller.sms.clearCredentials();
      Object.assign(process.env, { TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "" });
      resetEnvCache();
      expect(await caller.sms.checkConnection()).toMatchObject({ source: "local", ok: false, friendlyName: null, status: null, message: expect.stringMatching(/No Twilio account is set up/) });
      // Only the workspace's admins check it.
      await expect((await signedInCaller({ kind: "user", id: member.id })).caller.sms.checkConnection()).rejects.toMatchObject({ code: "FORBIDDEN" });
    } finally {
      delete twilioApi.accountStatus[own.accountSid];
      Object.assign(process.env, { TWILIO_ACCOUNT_SID: platform.accountSid, TWILIO_AUTH_TOKEN: platform.authToken });
      resetEnvCache();
    }
  });
});

describe("POST /api/webhooks/twilio/sms", () => {
  it("answers a signed message with empty TwiML at once and replies through Twilio's REST API after the turn", async () => {
    const w = await smsWorkspace();
    const leadPhone = randomPhone();
    await w.caller.leads.create({ name: "Fran Friday", phone: leadPhone, strategyId: w.strategy.id });
    local.fallback(() => ({ content: "Hi, this is Ava. How can I help?" }));
    const params = inbound(w.number.phoneNumber!, leadPhone, "Do you have time on Friday?");
    const response = await twilioApi.postSigned(INBOUND_URL, params, w.token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/xml");
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');

    const stored = await waitFor(
      () => messagesOfWorkspace(w.ws.id),
      (ms) => ms.some((m) => m.role === "assistant" && m.status === "delivered"),
      "the AI reply delivered",
    );
    const received = stored.find((m) => m.role === "lead")!;
    expect(received).toMatchObject({ channel: "sms", externalId: params.MessageSid, smsNumberId: w.number.id, ourNumber: w.number.phoneNumber, text: "Do you have time on Friday?" });
    const reply = stored.find((m) => m.role === "assistant")!;
    expect(reply).toMatchObject({ channel: "sms", status: "delivered", smsNumberId: w.number.id, text: "Hi, this is Ava. How can I help?" });
    const atTwilio = twilioApi.messages.filter((m) => m.to === leadPhone);
    expect(atTwilio).toHaveLength(1);
    expect(atTwilio[0]).toMatchObject({ sid: reply.externalId, from: w.number.phoneNumber, accountSid: own.accountSid, body: "Hi, this is Ava. How can I help?" });
  });

  it("the route only verifies, records the event (the text sealed) and queues; the worker stores the message", async () => {
    const w = await smsWorkspace();
    const leadPhone = randomPhone();
    const params = inbound(w.number.phoneNumber!, leadPhone, "Sealed until the worker reads it");
    const response = await twilioApi.postSigned(INBOUND_URL, params, w.token);
    expect(response.status).toBe(200);
    const event = await unsafeDb.webhookEvent.findUniqueOrThrow({ where: { provider_providerEventId: { provider: "twilio", providerEventId: `sms:${params.MessageSid}` } } });
    expect(event.subAccountId).toBe(w.ws.id);
    // Neither the text nor the sender's number is readable in the event, before or after processing.
    expect(JSON.stringify(event.payload)).not.toContain("Sealed until");
    expect(JSON.stringify(event.payload)).not.toContain(leadPhone);
    await inboundProcessed(w.ws.id);
    const processed = await unsafeDb.webhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(processed.status).toBe("processed");
    expect(JSON.stringify(processed.payload)).not.toContain(leadPhone);
    expect((await messagesOfWorkspace(w.ws.id)).map((m) => [m.text, m.externalId])).toEqual([["Sealed until the worker reads it", params.MessageSid]]);
  });

  it("a number moved to another workspace routes there at once (the routing cache is invalidated)", async () => {
    const a = await smsWorkspace();
    const b = await smsWorkspace({ ownAccount: false });
    const moving = a.number.phoneNumber!;
    // A's route is now cached in this process.
    expect((await twilioApi.postSigned(INBOUND_URL, inbound(moving, randomPhone(), "to A"), a.token)).status).toBe(200);
    await a.caller.sms.removeNumber({ id: a.number.id });
    await b.caller.sms.addNumber({ phoneNumber: moving });
    expect((await twilioApi.postSigned(INBOUND_URL, inbound(moving, randomPhone(), "signed by A"), a.token)).status).toBe(403);
    expect((await twilioApi.postSigned(INBOUND_URL, inbound(moving, randomPhone(), "to B"), b.token)).status).toBe(200);
    await inboundProcessed(a.ws.id);
    await inboundProcessed(b.ws.id);
    expect((await messagesOfWorkspace(a.ws.id)).map((m) => m.text)).toEqual(["to A"]);
    expect((await messagesOfWorkspace(b.ws.id)).map((m) => m.text)).toEqual(["to B"]);
  });

  it("an unknown sender becomes a lead with source sms on the workspace's strategy for new leads", async () => {
    const w = await smsWorkspace();
    const other = await smsWorkspace({ ownAccount: false });
    await expect(w.caller.sms.updateSettings({ newLeadStrategyId: other.strategy.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "No such strategy in this workspace." });
    await w.caller.sms.updateSettings({ newLeadStrategyId: w.strategy.id });
    const leadPhone = randomPhone();
    expect((await twilioApi.postSigned(INBOUND_URL, inbound(w.number.phoneNumber!, leadPhone, "Hello, who is this?"), w.token)).status).toBe(200);
    await inboundProcessed(w.ws.id);
    const lead = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: w.ws.id, phone: leadPhone } });
    expect(lead).toMatchObject({ source: "sms", name: leadPhone, strategyId: w.strategy.id });
    expect((await messagesOfWorkspace(w.ws.id)).map((m) => [m.leadId, m.role, m.text])).toEqual([[lead.id, "lead", "Hello, who is this?"]]);
  });

  it("refuses a forged or unsigned request with 403 and stores nothing", async () => {
    const w = await smsWorkspace();
    const leadPhone = randomPhone();
    const forged = await twilioApi.postSigned(INBOUND_URL, inbound(w.number.phoneNumber!, leadPhone, "hi"), "0".repeat(32));
    expect(forged.status).toBe(403);
    const unsigned = await fetch(INBOUND_URL, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(inbound(w.number.phoneNumber!, leadPhone, "hi")).toString(),
    });
    expect(unsigned.status).toBe(403);
    // Signed for other fields than the ones posted (the text was changed on the way).
    const params = inbound(w.number.phoneNumber!, leadPhone, "original");
    const changed = await fetch(INBOUND_URL, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twilio.getExpectedTwilioSignature(w.token, INBOUND_URL, params) },
      body: new URLSearchParams({ ...params, Body: "changed" }).toString(),
    });
    expect(changed.status).toBe(403);
    expect((await twilioApi.postSigned(INBOUND_URL, params, w.token)).status).toBe(200);
    await inboundProcessed(w.ws.id);
    const stored = await messagesOfWorkspace(w.ws.id);
    expect(stored.map((m) => m.text)).toEqual(["original"]);
    expect(await unsafeDb.webhookEvent.count({ where: { subAccountId: w.ws.id } })).toBe(1);
  });

  it("behind one trusted proxy hop, checks the signature over the forwarded scheme and host; without trust, those headers are ignored", async () => {
    const w = await smsWorkspace();
    const publicUrl = "https://sms.example.com/api/webhooks/twilio/sms";
    const params = inbound(w.number.phoneNumber!, randomPhone(), "through the proxy");
    const signature = twilio.getExpectedTwilioSignature(w.token, publicUrl, params);
    const post = () =>
      fetch(INBOUND_URL, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "sms.example.com" },
        body: new URLSearchParams(params).toString(),
      });
    expect((await post()).status).toBe(403);
    process.env.TRUST_PROXY_HOPS = "1";
    resetEnvCache();
    try {
      expect((await post()).status).toBe(200);
    } finally {
      delete process.env.TRUST_PROXY_HOPS;
      resetEnvCache();
    }
    await inboundProcessed(w.ws.id);
    expect((await messagesOfWorkspace(w.ws.id)).map((m) => m.text)).toEqual(["through the proxy"]);
  });

  it("a webhook Twilio delivers again (even twice at once) gives one message and one AI turn", async () => {
    const w = await smsWorkspace();
    const leadPhone = randomPhone();
    await w.caller.leads.create({ name: "Robin Replay", phone: leadPhone, strategyId: w.strategy.id });
    local.fallback(() => ({ content: "One answer." }));
    const params = inbound(w.number.phoneNumber!, leadPhone, "Is anyone there?");
    const answers = await Promise.all([1, 2, 3].map(() => twilioApi.postSigned(INBOUND_URL, params, w.token)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(() => messagesOfWorkspace(w.ws.id), (ms) => ms.some((m) => m.role === "assistant" && m.externalId !== null), "the reply sent");
    expect((await twilioApi.postSigned(INBOUND_URL, params, w.token)).status).toBe(200);
    const stored = await messagesOfWorkspace(w.ws.id);
    expect(stored.filter((m) => m.role === "lead")).toHaveLength(1);
    expect(stored.filter((m) => m.role === "assistant")).toHaveLength(1);
    expect(local.requests).toHaveLength(1);
    expect(twilioApi.messages.filter((m) => m.to === leadPhone)).toHaveLength(1);
  });

  it("keeps MMS media as references and ignores unknown senders when the workspace says so", async () => {
    const w = await smsWorkspace({ settings: { unknownSenders: "ignore" } });
    const known = randomPhone();
    await w.caller.leads.create({ name: "Mo Media", phone: known });
    const mms = inbound(w.number.phoneNumber!, known, "see photo", { NumMedia: "1", MediaUrl0: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1", MediaContentType0: "image/jpeg" });
    expect((await twilioApi.postSigned(INBOUND_URL, mms, w.token)).status).toBe(200);
    expect((await twilioApi.postSigned(INBOUND_URL, inbound(w.number.phoneNumber!, randomPhone(), "who is this?"), w.token)).status).toBe(200);
    await inboundProcessed(w.ws.id);
    const stored = await messagesOfWorkspace(w.ws.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.media).toEqual([{ url: mms.MediaUrl0, contentType: "image/jpeg" }]);
    expect(await unsafeDb.lead.count({ where: { subAccountId: w.ws.id } })).toBe(1);
  });

  it("a message to a number nobody owns is acknowledged when signed by the platform, refused when not, and stored nowhere", async () => {
    const nobody = randomPhone();
    const params = inbound(nobody, randomPhone(), "hello?");
    expect((await twilioApi.postSigned(INBOUND_URL, params, platform.authToken)).status).toBe(200);
    expect((await twilioApi.postSigned(INBOUND_URL, params, localTwilioAuthToken())).status).toBe(403);
    expect(await unsafeDb.message.count({ where: { externalId: params.MessageSid } })).toBe(0);
  });
});

describe("consent keywords", () => {
  it("STOP opts out once (time, audit, one confirmation), every later send is refused; START opts back in; HELP answers the help text", async () => {
    const w = await smsWorkspace({ settings: { helpText: "Sunny Dental: call 555-0100 for help." } });
    const leadPhone = randomPhone();
    const lead = await w.caller.leads.create({ name: "Casey Consent", phone: leadPhone, strategyId: w.strategy.id });
    const toLead = () => twilioApi.messages.filter((m) => m.to === leadPhone).map((m) => m.body);

    expect((await twilioApi.postSigned(INBOUND_URL, inbound(w.number.phoneNumber!, leadPhone, "  stop "), w.token)).status).toBe(200);
    await waitFor(async () => toLead(), (b) => b.length === 1, "the opt-out confirmation");
    expect(toLead()[0]).toContain("unsubscribed");
    const optedOut = await unsafeDb.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(optedOut.smsOptedOutAt).toBeInstanceOf(Date);
    expect(await unsafeDb.auditLog.count({ where: { subAccountId: w.ws.id, action: "lead.sms_opted_out", targetId: String(lead.id) } })).toBe(1);

    expect((await twilioApi.postSigned(INBOUND_URL, inbound(w.number.phoneNumber!, leadPhone, "QUIT"), w.token)).status).toBe(200);
    const [code, message] = await codeOf(w.caller.messages.send({ leadId: lead.id, channel: "sms", body: "Are you sure?" }));
    expect(code).toBe("PRECONDITION_FAILED");
    expect(message).toMatch(/opted out of SMS .* until they text START/);
    expect(local.requests).toHaveLength(0);

    expect((await twilioApi.postSigned(INBOUND_URL, inbound(w.number.phoneNumber!, leadPhone, "Start"), w.token)).status).toBe(200);
    await waitFor(async () => toLead(), (b) => b.length === 2, "the opt-in confirmation");
    expect(toLead()[1]).toContain("subscribed again");
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: lead.id } })).smsOptedOutAt).toBeNull();

    expect((await twilioApi.postSigned(INBOUND_URL, inbound(w.number.phoneNumber!, leadPhone, "help"), w.token)).status).toBe(200);
    await waitFor(async () => toLead(), (b) => b.length === 3, "the help text");
    expect(toLead()[2]).toBe("Sunny Dental: call 555-0100 for help.");
    // Consent keywords never reached the AI; only the confirmations went out.
    expect(local.requests).toHaveLength(0);
    const sent = await w.caller.messages.send({ leadId: lead.id, channel: "sms", body: "Welcome back" });
    expect(sent.status).toBe("queued");
  });
});

describe("POST /api/webhooks/twilio/status", () => {
  it("records undelivered with Twilio's error code, ignores a late 'sent', and tells the lead's owner", async () => {
    const w = await smsWorkspace();
    twilioApi.sendReceipts = false;
    const leadPhone = randomPhone();
    const lead = await w.caller.leads.create({ name: "Una Undelivered", phone: leadPhone, ownerId: w.admin.id });
    const sent = await w.caller.messages.send({ leadId: lead.id, channel: "sms", body: "Your appointment is confirmed." });
    const row = await waitFor(() => unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(sent.id) } }), (m) => m.status === "sent", "the send");
    twilioApi.sendReceipts = true;
    const statusUrl = `${app.url}/api/webhooks/twilio/status`;
    const receipt = (status: string, extra: Record<string, string> = {}) => ({ MessageSid: row.externalId!, MessageStatus: status, From: w.number.phoneNumber!, To: leadPhone, AccountSid: own.accountSid, ...extra });
    expect((await twilioApi.postSigned(statusUrl, receipt("undelivered", { ErrorCode: "30003" }), "f".repeat(32))).status).toBe(403);
    expect((await twilioApi.postSigned(statusUrl, receipt("undelivered", { ErrorCode: "30003" }), own.authToken)).status).toBe(200);
    expect((await twilioApi.postSigned(statusUrl, receipt("sent"), own.authToken)).status).toBe(200);
    const after = await unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(sent.id) } });
    expect(after).toMatchObject({ status: "undelivered", providerErrorCode: "30003", error: "The phone is switched off or out of reach." });
    const alerts = await unsafeDb.notificationEmail.findMany({ where: { subAccountId: w.ws.id, kind: "owner_alert" } });
    expect(alerts.map((a) => [a.toUserId, a.subject])).toEqual([[w.admin.id, "An SMS to Una Undelivered was not delivered"]]);
  });

  it("receipts that arrive before the send stored the SID wait for it and are applied then", async () => {
    const w = await smsWorkspace();
    const leadPhone = randomPhone();
    const lead = await w.caller.leads.create({ name: "Early Receipt", phone: leadPhone });
    twilioApi.receiptsBeforeAnswer = true;
    try {
      const sent = await w.caller.messages.send({ leadId: lead.id, channel: "sms", body: "Receipts first" });
      const row = await waitFor(
        () => unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(sent.id) } }),
        (m) => m.status === "delivered",
        "the early receipts applied",
      );
      const events = await unsafeDb.webhookEvent.findMany({ where: { subAccountId: w.ws.id, providerEventId: { startsWith: `status:${row.externalId}:` } }, orderBy: { id: "asc" } });
      // Both receipts reached the app before the SID was stored (the emulator answered the create call after them).
      expect(events.map((e) => [e.providerEventId, e.status])).toEqual([
        [`status:${row.externalId}:sent`, "processed"],
        [`status:${row.externalId}:delivered`, "processed"],
      ]);
    } finally {
      twilioApi.receiptsBeforeAnswer = false;
    }
  });

  it("another workspace's receipt cannot touch this workspace's message (signed with the other account's token)", async () => {
    const a = await smsWorkspace();
    const b = await smsWorkspace({ ownAccount: false });
    const leadPhone = randomPhone();
    const lead = await a.caller.leads.create({ name: "Ann A", phone: leadPhone });
    twilioApi.sendReceipts = false;
    const sent = await a.caller.messages.send({ leadId: lead.id, channel: "sms", body: "Hello from A" });
    const row = await waitFor(() => unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(sent.id) } }), (m) => m.status === "sent", "the send");
    twilioApi.sendReceipts = true;
    const statusUrl = `${app.url}/api/webhooks/twilio/status`;
    // B's number and B's (the platform's) token: verified as B, where A's SID is not found.
    const forB = { MessageSid: row.externalId!, MessageStatus: "failed", ErrorCode: "30008", From: b.number.phoneNumber!, To: leadPhone };
    expect((await twilioApi.postSigned(statusUrl, forB, b.token)).status).toBe(200);
    // A's number signed with B's token: refused.
    expect((await twilioApi.postSigned(statusUrl, { ...forB, From: a.number.phoneNumber! }, b.token)).status).toBe(403);
    expect((await unsafeDb.message.findUniqueOrThrow({ where: { id: BigInt(sent.id) } })).status).toBe("sent");
  });
});
