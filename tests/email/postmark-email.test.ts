import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";

// The local model, the Postmark emulator and this file's app routes over HTTP; then this file's queues and worker.
const { local } = await import("../support/local-model");
const { startPostmarkServer, inboundEmailPayload } = await import("../support/postmark-server");
const { startRouteServer } = await import("../support/route-server");
const { POST: inboundRoute } = await import("@/app/api/webhooks/postmark/inbound/route");
const { POST: eventsRoute } = await import("@/app/api/webhooks/postmark/events/route");
const { POST: unsubscribeRoute } = await import("@/app/api/public/unsubscribe/route");
const filesRoute = await import("@/app/api/files/[...key]/route");

const PLATFORM_TOKEN = randomUUID();
const PLATFORM_ACCOUNT_TOKEN = randomUUID();
const OWN_TOKEN = randomUUID();
const CREDENTIALS = { username: "postmark", password: `pw-${randomUUID()}` };
const DOMAIN = "inbound.test.example";
const postmarkApi = await startPostmarkServer([PLATFORM_TOKEN, OWN_TOKEN]);
const app = await startRouteServer({
  "/api/webhooks/postmark/inbound": inboundRoute,
  "/api/webhooks/postmark/events": eventsRoute,
  "/api/public/unsubscribe": unsubscribeRoute,
});
Object.assign(process.env, {
  PUBLIC_URL: app.url,
  POSTMARK_API_KEY: PLATFORM_TOKEN,
  POSTMARK_ACCOUNT_TOKEN: PLATFORM_ACCOUNT_TOKEN,
  POSTMARK_API_URL: postmarkApi.url,
  POSTMARK_INBOUND_DOMAIN: DOMAIN,
  POSTMARK_WEBHOOK_USERNAME: CREDENTIALS.username,
  POSTMARK_WEBHOOK_PASSWORD: CREDENTIALS.password,
});
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { decryptMessageContent, decryptMessageSubject, encryptMessageContent } = await import("@/server/services/messages/message-content");
const { createUser, createWorkspace, signedInCaller, workspaceJobContext } = await import("../support/factories");
const { waitFor } = await import("../sms/helpers");

setUpTestWorker();
afterAll(async () => {
  await app.close();
  await postmarkApi.close();
});
beforeEach(() => local.reset());

const INBOUND_URL = `${app.url}/api/webhooks/postmark/inbound`;
const EVENTS_URL = `${app.url}/api/webhooks/postmark/events`;
const randomEmail = (name = "lead") => `${name}-${randomUUID().slice(0, 8)}@client.example`;

async function emailWorkspace(opts: { ownToken?: boolean; rules?: Record<string, unknown> } = {}) {
  const ws = await createWorkspace("Email");
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  if (opts.ownToken) await caller.email.setServerToken({ serverToken: OWN_TOKEN });
  const strategy = await caller.strategies.create({ name: "Front desk", aiName: "Ava", delayMin: 0, delayMax: 0 });
  await caller.email.updateSettings({ fromName: "Acme Dental", fromAddress: "hello@acme-dental.example", newLeadStrategyId: strategy.id, ...opts.rules });
  const settings = await caller.email.settings();
  return { ws, admin, caller, strategy, settings };
}

const messagesOf = async (subAccountId: number) =>
  (await unsafeDb.message.findMany({ where: { subAccountId }, orderBy: { id: "asc" } })).map((m) => ({ ...m, text: decryptMessageContent(m), subjectText: decryptMessageSubject(m) }));

const sentTo = (to: string) => postmarkApi.sent.filter((e) => e.body.To === to);

async function errorOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  return error instanceof TRPCError ? { code: error.code, message: error.message } : { code: String(error), message: "" };
}

describe("Settings › Email", () => {
  it("stores the workspace's server token encrypted and never returns it; shows the inbound address", async () => {
    const w = await emailWorkspace({ ownToken: true });
    const row = await unsafeDb.emailSettings.findUniqueOrThrow({ where: { subAccountId: w.ws.id } });
    expect(row.serverToken).not.toBeNull();
    expect(row.serverToken).not.toContain(OWN_TOKEN);
    expect(JSON.stringify(w.settings)).not.toContain(OWN_TOKEN);
    expect(w.settings.account).toEqual({ source: "workspace", hasOwnToken: true });
    expect(w.settings.inboundAddress).toBe(`inbox+${row.inboundToken}@${DOMAIN}`);
    expect(w.settings.sender.effectiveFrom).toBe('"Acme Dental" <hello@acme-dental.example>');
    expect((await w.caller.email.clearServerToken()).account.source).toBe("platform");
  });
});

describe("outbound email through Postmark", () => {
  it("sends from the workspace's sender on the transactional stream with threading, Reply-To and one-click unsubscribe headers (read back raw)", async () => {
    const w = await emailWorkspace({ ownToken: true });
    const email = randomEmail("olive");
    const lead = await w.caller.leads.create({ name: "Olive Outbound", email });
    await w.caller.messages.send({ leadId: lead.id, channel: "email", subject: "Your visit", body: "Hello Olive, see you soon." });
    const [sent] = await waitFor(async () => sentTo(email), (s) => s.length === 1, "the email at Postmark");
    expect(sent!.token).toBe(OWN_TOKEN);
    expect(sent!.body).toMatchObject({ From: '"Acme Dental" <hello@acme-dental.example>', Subject: "Your visit", TextBody: "Hello Olive, see you soon.", MessageStream: "outbound", Tag: "lead-message" });
    // The driver's answer commits with the message: read the lead once the message shows sent.
    await waitFor(async () => (await messagesOf(w.ws.id)).filter((m) => m.status === "sent"), (ms) => ms.length === 1, "the message sent");
    const stored = await unsafeDb.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(sent!.body.ReplyTo).toBe(`reply+${stored.emailReplyToken}@${DOMAIN}`);
    const messageIdHeader = postmarkApi.header(sent!, "Message-ID")!;
    expect(messageIdHeader).toMatch(new RegExp(`^<m\\d+\\.[0-9a-f]{12}@${DOMAIN.replace(/\./g, "\\.")}>$`));
    expect(postmarkApi.header(sent!, "In-Reply-To")).toBeUndefined();
    const unsubscribe = postmarkApi.header(sent!, "List-Unsubscribe")!;
    expect(unsubscribe).toMatch(new RegExp(`^<${app.url}/api/public/unsubscribe\\?token=[\\w.-]+>$`));
    expect(postmarkApi.header(sent!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const message = (await messagesOf(w.ws.id)).find((m) => m.role === "human")!;
    expect(message).toMatchObject({ status: "sent", externalId: sent!.messageId, emailMessageId: messageIdHeader });

    // A second email continues the thread: In-Reply-To the first, References carry it.
    await w.caller.messages.send({ leadId: lead.id, channel: "email", subject: "Your visit", body: "One more thing." });
    const both = await waitFor(async () => sentTo(email), (s) => s.length === 2, "the second email");
    expect(postmarkApi.header(both[1]!, "In-Reply-To")).toBe(messageIdHeader);
    expect(postmarkApi.header(both[1]!, "References")).toBe(messageIdHeader);
    expect(postmarkApi.header(both[1]!, "Message-ID")).not.toBe(messageIdHeader);

    // RFC 8058: the mail client posts List-Unsubscribe=One-Click to the URL; the address is suppressed.
    const url = unsubscribe.slice(1, -1);
    const answer = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(answer.status).toBe(200);
    expect(await unsafeDb.emailSuppression.findFirst({ where: { subAccountId: w.ws.id, email } })).toMatchObject({ reason: "unsubscribed" });
    expect(await errorOf(w.caller.messages.send({ leadId: lead.id, channel: "email", subject: "Hello", body: "Still there?" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("unsubscribed") });
    const tampered = await fetch(url.replace(/token=(\d+)\./, (_m, id: string) => `token=${Number(id) + 1}.`), { method: "POST", body: "List-Unsubscribe=One-Click" });
    expect(tampered.status).toBe(400);
  });
});

describe("POST /api/webhooks/postmark/inbound", () => {
  it("refuses missing or wrong credentials with 401 and stores nothing", async () => {
    const w = await emailWorkspace();
    const payload = inboundEmailPayload({ from: randomEmail(), to: w.settings.inboundAddress, subject: "Hi", text: "Hello" });
    for (const credentials of [null, { ...CREDENTIALS, password: "wrong" }, { username: "other", password: CREDENTIALS.password }]) {
      const response = await postmarkApi.postWebhook(INBOUND_URL, payload, credentials);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Basic");
    }
    expect(await unsafeDb.webhookEvent.count({ where: { subAccountId: w.ws.id } })).toBe(0);
    expect(await unsafeDb.lead.count({ where: { subAccountId: w.ws.id } })).toBe(0);
  });

  it("a new sender becomes a lead; the AI answers by email in the thread; the lead's reply (quotes removed) lands in the same conversation; a replay stores nothing new", async () => {
    const w = await emailWorkspace();
    const from = randomEmail("nina");
    local.fallback(() => ({ content: "Hi Nina,\n\nWe have Tuesday at 10:00 free.\n\nAcme Dental" }));
    const first = inboundEmailPayload({ from, fromName: "Nina New", to: w.settings.inboundAddress, subject: "Cleaning appointment", text: "Do you have time next week?" });
    const answers = await Promise.all([1, 2, 3].map(() => postmarkApi.postWebhook(INBOUND_URL, first, CREDENTIALS)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);

    const [reply] = await waitFor(async () => sentTo(from), (s) => s.length === 1, "the AI's email");
    await waitFor(async () => (await messagesOf(w.ws.id)).filter((m) => m.role === "assistant" && m.status === "sent"), (ms) => ms.length === 1, "the reply recorded sent");
    const lead = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: w.ws.id, email: from } });
    expect(lead).toMatchObject({ name: "Nina New", source: "email", strategyId: w.strategy.id });
    expect(reply!.body).toMatchObject({ Subject: "Re: Cleaning appointment", TextBody: "Hi Nina,\n\nWe have Tuesday at 10:00 free.\n\nAcme Dental", ReplyTo: `reply+${lead.emailReplyToken}@${DOMAIN}`, MessageStream: "outbound" });
    const theirId = first.Headers[0]!.Value;
    expect(postmarkApi.header(reply!, "In-Reply-To")).toBe(theirId);
    expect(postmarkApi.header(reply!, "References")).toBe(theirId);
    expect(local.requests).toHaveLength(1);
    expect(JSON.stringify(local.requests[0])).toContain("plain-text email");

    // Replayed once more after the answer: nothing new.
    expect((await postmarkApi.postWebhook(INBOUND_URL, first, CREDENTIALS)).status).toBe(200);

    // The lead answers in the thread (to the Reply-To), quoting our email; Postmark found no stripped reply.
    const ourId = postmarkApi.header(reply!, "Message-ID")!;
    local.fallback(() => ({ content: "Booked for Tuesday at 10:00.\n\nAcme Dental" }));
    const second = inboundEmailPayload({
      from,
      to: reply!.body.ReplyTo!,
      subject: "Re: Cleaning appointment",
      text: "Tuesday works for me.\n\nOn Wed, 2 Dec 2026 at 10:00, Acme Dental <hello@acme-dental.example> wrote:\n> Hi Nina,\n> We have Tuesday at 10:00 free.",
      inReplyTo: ourId,
      references: `${theirId} ${ourId}`,
    });
    expect((await postmarkApi.postWebhook(INBOUND_URL, second, CREDENTIALS)).status).toBe(200);
    const both = await waitFor(async () => sentTo(from), (s) => s.length === 2, "the second reply");
    expect(postmarkApi.header(both[1]!, "In-Reply-To")).toBe(second.Headers[0]!.Value);
    expect(postmarkApi.header(both[1]!, "References")).toBe(`${theirId} ${ourId} ${second.Headers[0]!.Value}`);

    const stored = await messagesOf(w.ws.id);
    expect(stored.map((m) => [m.leadId, m.role, m.text])).toEqual([
      [lead.id, "lead", "Do you have time next week?"],
      [lead.id, "assistant", "Hi Nina,\n\nWe have Tuesday at 10:00 free.\n\nAcme Dental"],
      [lead.id, "lead", "Tuesday works for me."],
      [lead.id, "assistant", "Booked for Tuesday at 10:00.\n\nAcme Dental"],
    ]);
    expect(local.requests).toHaveLength(2);
    expect(await unsafeDb.lead.count({ where: { subAccountId: w.ws.id } })).toBe(1);
    expect(await unsafeDb.webhookEvent.count({ where: { subAccountId: w.ws.id, provider: "postmark" } })).toBe(2);
    expect(JSON.stringify((await unsafeDb.webhookEvent.findMany({ where: { subAccountId: w.ws.id } })).map((e) => e.payload))).not.toContain("Tuesday");
  });

  it("keeps allowed attachments in storage and skips others; ignores unknown senders when the workspace says so", async () => {
    const w = await emailWorkspace({ rules: { unknownSenders: "ignore" } });
    const known = randomEmail("kim");
    await w.caller.leads.create({ name: "Kim Known", email: known, strategyId: w.strategy.id });
    local.fallback(() => ({ content: "Thanks, got it." }));
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const payload = inboundEmailPayload({
      from: known.toUpperCase(),
      to: w.settings.inboundAddress,
      subject: "X-ray",
      text: "Here it is.",
      attachments: [
        { Name: "xray.png", Content: png.toString("base64"), ContentType: "image/png", ContentLength: png.length },
        { Name: "run.html", Content: Buffer.from("<script>").toString("base64"), ContentType: "text/html", ContentLength: 8 },
      ],
    });
    expect((await postmarkApi.postWebhook(INBOUND_URL, payload, CREDENTIALS)).status).toBe(200);
    const [message] = await waitFor(async () => (await messagesOf(w.ws.id)).filter((m) => m.role === "lead"), (ms) => ms.length === 1, "the message");
    const media = message!.media as { attachments: { key: string; name: string; contentType: string; size: number }[]; skipped: { name: string }[] };
    expect(media.attachments).toEqual([{ key: expect.stringMatching(new RegExp(`^ws/${w.ws.id}/attachments/`)), name: "xray.png", contentType: "image/png", size: png.length }]);
    expect(media.skipped.map((s) => s.name)).toEqual(["run.html"]);

    // The conversation view lists them (name, type, size; never the storage key) and a member gets a short-lived link.
    const member = await createUser({ subAccountId: w.ws.id, role: "user" });
    const { caller: memberCaller } = await signedInCaller({ kind: "user", id: member.id });
    const listed = (await memberCaller.messages.list({ leadId: message!.leadId })).items.find((m) => m.id === Number(message!.id))!;
    expect(listed.attachments).toEqual([{ index: 0, name: "xray.png", contentType: "image/png", size: png.length }]);
    expect(listed.skippedAttachments).toEqual([{ name: "run.html", reason: expect.stringContaining("text/html") }]);
    expect(JSON.stringify(listed)).not.toContain("attachments/");
    const { url, name } = await memberCaller.messages.attachmentDownload({ messageId: Number(message!.id), index: 0 });
    expect(name).toBe("xray.png");
    const link = new URL(url);
    const file = await filesRoute.GET(new Request(link), { params: Promise.resolve({ key: link.pathname.replace(/^\/api\/files\//, "").split("/") }) });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    expect(file.headers.get("content-disposition")).toContain("xray.png");
    // The link is its signature: altered, it opens nothing.
    link.searchParams.set("sig", "A".repeat(43));
    expect((await filesRoute.GET(new Request(link), { params: Promise.resolve({ key: link.pathname.replace(/^\/api\/files\//, "").split("/") }) })).status).toBe(403);
    // No such attachment; another workspace's member never gets a link to this message's files.
    await expect(memberCaller.messages.attachmentDownload({ messageId: Number(message!.id), index: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const outsider = await emailWorkspace();
    await expect(outsider.caller.messages.attachmentDownload({ messageId: Number(message!.id), index: 0 })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const stranger = inboundEmailPayload({ from: randomEmail("stranger"), to: w.settings.inboundAddress, subject: "Hi", text: "Who are you?" });
    expect((await postmarkApi.postWebhook(INBOUND_URL, stranger, CREDENTIALS)).status).toBe(200);
    await waitFor(() => unsafeDb.webhookEvent.findMany({ where: { subAccountId: w.ws.id, status: "ignored" } }), (e) => e.length === 1, "the stranger ignored");
    expect(await unsafeDb.lead.count({ where: { subAccountId: w.ws.id } })).toBe(1);
  });

  it("an address nobody owns is acknowledged and stored nowhere", async () => {
    const payload = inboundEmailPayload({ from: randomEmail(), to: `inbox+aaaaaaaaaaaaaaaaaaaa@${DOMAIN}`, subject: "Hi", text: "Hello" });
    const before = await unsafeDb.webhookEvent.count();
    expect((await postmarkApi.postWebhook(INBOUND_URL, payload, CREDENTIALS)).status).toBe(200);
    expect(await unsafeDb.webhookEvent.count()).toBe(before);
  });
});

describe("POST /api/webhooks/postmark/events", () => {
  it("a hard bounce suppresses the address: the message shows it, later sends are refused with the reason, shown on the lead until lifted", async () => {
    const w = await emailWorkspace();
    const email = randomEmail("bob");
    const lead = await w.caller.leads.create({ name: "Bob Bounce", email });
    await w.caller.messages.send({ leadId: lead.id, channel: "email", subject: "Hello", body: "Hello Bob." });
    const [sent] = await waitFor(async () => sentTo(email), (s) => s.length === 1, "the email at Postmark");
    await waitFor(async () => (await messagesOf(w.ws.id)).filter((m) => m.status === "sent"), (ms) => ms.length === 1, "the message sent");
    const bounce = {
      RecordType: "Bounce",
      ID: Math.floor(Math.random() * 1e12),
      Type: "HardBounce",
      TypeCode: 1,
      MessageID: sent!.messageId,
      Email: email,
      Description: "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
      Inactive: true,
      CanActivate: true,
      BouncedAt: new Date().toISOString(),
      MessageStream: "outbound",
    };
    expect((await postmarkApi.postWebhook(EVENTS_URL, bounce, { ...CREDENTIALS, password: "nope" })).status).toBe(401);
    expect(await w.caller.email.leadSuppression({ leadId: lead.id })).toBeNull();
    for (let i = 0; i < 2; i++) expect((await postmarkApi.postWebhook(EVENTS_URL, bounce, CREDENTIALS)).status).toBe(200);
    expect(await w.caller.email.leadSuppression({ leadId: lead.id })).toMatchObject({ reason: "bounce", detail: expect.stringContaining("HardBounce") });
    const message = (await messagesOf(w.ws.id)).find((m) => m.role === "human")!;
    expect(message).toMatchObject({ status: "failed", error: expect.stringContaining("bounced") });
    const refused = await errorOf(w.caller.messages.send({ leadId: lead.id, channel: "email", subject: "Hello", body: "Again?" }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("No email is sent to this address: it bounced permanently") });
    expect(sentTo(email)).toHaveLength(1);
    expect(await w.caller.email.liftSuppression({ leadId: lead.id })).toEqual({ lifted: true });
    await w.caller.messages.send({ leadId: lead.id, channel: "email", subject: "Hello", body: "Works again." });
    await waitFor(async () => sentTo(email), (s) => s.length === 2, "the email after lifting");
  });

  it("a spam complaint suppresses the address; a send already queued is refused at delivery with the reason", async () => {
    const w = await emailWorkspace();
    const email = randomEmail("sam");
    const lead = await w.caller.leads.create({ name: "Sam Spam", email });
    await w.caller.messages.send({ leadId: lead.id, channel: "email", subject: "Offer", body: "Hello Sam." });
    const [sent] = await waitFor(async () => sentTo(email), (s) => s.length === 1, "the email at Postmark");
    await waitFor(async () => (await messagesOf(w.ws.id)).filter((m) => m.status === "sent"), (ms) => ms.length === 1, "the message sent");
    const complaint = { RecordType: "SpamComplaint", ID: Math.floor(Math.random() * 1e12), MessageID: sent!.messageId, Email: email, Type: "SpamComplaint", BouncedAt: new Date().toISOString() };
    expect((await postmarkApi.postWebhook(EVENTS_URL, complaint, CREDENTIALS)).status).toBe(200);
    expect(await w.caller.email.leadSuppression({ leadId: lead.id })).toMatchObject({ reason: "spam_complaint" });
    // A reply the AI wrote before the complaint arrived: the send job refuses it.
    const queued = await unsafeDb.message.create({
      data: { subAccountId: w.ws.id, leadId: lead.id, role: "assistant", channel: "email", content: encryptMessageContent(w.ws.id, lead.id, "Late reply"), status: "queued" },
    });
    const { deliverLeadMessage } = await import("@/server/services/messages/deliver-lead-message");
    const refused = await deliverLeadMessage(workspaceJobContext(w.ws), { messageId: Number(queued.id) }).then(() => null, (e: unknown) => e as Error);
    expect(refused?.message).toContain("its owner marked an earlier email as spam");
    expect(await unsafeDb.message.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "failed", error: expect.stringContaining("marked an earlier email as spam") });
    expect(sentTo(email)).toHaveLength(1);
  });
});

describe("email.checkSender (Postmark's account API)", () => {
  it("says in words whether the sender address or its domain is verified, from the sender signatures and domains", async () => {
    postmarkApi.account.tokens.add(PLATFORM_ACCOUNT_TOKEN);
    const w = await emailWorkspace();
    const signature = (address: string, confirmed: boolean) => ({ ID: Math.floor(Math.random() * 1e6), Name: "Front desk", Domain: address.split("@")[1]!, EmailAddress: address, ReplyToEmailAddress: "", Confirmed: confirmed });
    const domain = (name: string, dkim: boolean, returnPath = true) => ({ ID: Math.floor(Math.random() * 1e6), Name: name, SPFVerified: dkim, DKIMVerified: dkim, WeakDKIM: false, ReturnPathDomainVerified: returnPath });
    const { signatures, domains } = postmarkApi.account;
    signatures.splice(0);
    domains.splice(0);

    let check = await w.caller.email.checkSender({});
    expect(check).toMatchObject({ address: "hello@acme-dental.example", verified: false, message: expect.stringContaining("Neither hello@acme-dental.example nor acme-dental.example is a sender") });
    signatures.push(signature("Hello@Acme-Dental.example", false));
    check = await w.caller.email.checkSender({});
    expect(check).toMatchObject({ verified: false, message: expect.stringContaining("not confirmed yet") });
    signatures[0]!.Confirmed = true;
    check = await w.caller.email.checkSender({});
    expect(check).toMatchObject({ verified: true, message: "hello@acme-dental.example is a confirmed sender signature in Postmark: emails can go out from it." });

    signatures.splice(0);
    domains.push(domain("acme-dental.example", false));
    check = await w.caller.email.checkSender({});
    expect(check).toMatchObject({ verified: false, message: expect.stringContaining("DKIM record is not verified yet") });
    domains[0] = domain("acme-dental.example", true, false);
    check = await w.caller.email.checkSender({});
    expect(check.verified).toBe(true);
    expect(check.message).toContain("acme-dental.example is a verified domain in Postmark (DKIM), so hello@acme-dental.example can send.");
    expect(check.message).toContain("Return-Path is not verified yet");
    // Another domain's verification says nothing about this sender.
    domains[0] = domain("other.example", true);
    expect((await w.caller.email.checkSender({})).verified).toBe(false);
  });

  it("a workspace on its own server checks with its account's token, used once; a refused token is named; members cannot check", async () => {
    const w = await emailWorkspace({ ownToken: true });
    await expect(w.caller.email.checkSender({})).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("its own Postmark server") });
    await expect(w.caller.email.checkSender({ accountToken: randomUUID() })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Postmark refused this account token") });
    const own = randomUUID();
    postmarkApi.account.tokens.add(own);
    postmarkApi.account.signatures.splice(0, Infinity, { ID: 7, Name: "Front", Domain: "acme-dental.example", EmailAddress: "hello@acme-dental.example", ReplyToEmailAddress: "", Confirmed: true });
    expect(await w.caller.email.checkSender({ accountToken: own })).toMatchObject({ verified: true });
    const stored = await unsafeDb.emailSettings.findFirstOrThrow({ where: { subAccountId: w.ws.id } });
    expect(JSON.stringify(stored)).not.toContain(own);
    await expect(w.caller.email.checkSender({ accountToken: "not-a-token" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const member = await createUser({ subAccountId: w.ws.id, role: "user" });
    const { caller } = await signedInCaller({ kind: "user", id: member.id });
    await expect(caller.email.checkSender({})).rejects.toBeInstanceOf(TRPCError);
  });
});
