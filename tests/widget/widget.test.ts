import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startLocalOpenAI } from "../support/openai-server";

// The website chat over its real route handlers (HTTP), the real worker answering on the web channel with the local
// OpenAI-compatible model, and the visitor's live stream.
const local = await startLocalOpenAI();
process.env.QUEUE_PREFIX = `test-${randomUUID()}`;
const withModel = () => Object.assign(process.env, { OPENAI_API_KEY: "sk-local-test", OPENAI_BASE_URL: local.baseURL, OPENAI_MODEL: "local-model", OPENAI_TIMEOUT_MS: "5000", OPENAI_MAX_RETRIES: "1" });
withModel();
(await import("@/env")).resetEnvCache();

const { resetEnvCache } = await import("@/env");
const { unsafeDb } = await import("@/server/db/client");
const { closeRedis } = await import("@/server/redis/client");
const { closeQueues, getQueue } = await import("@/server/jobs/queues");
const { closeConversationEvents } = await import("@/server/realtime/conversation-events");
const { startWorker } = await import("../../worker/start");
const { seedOnboardingWorkspace } = await import("../../prisma/seed");
const { startRouteServer } = await import("../support/route-server");
const { createUser, signedInCaller, uniqueIp } = await import("../support/factories");
const { agentWorld, messagesOf, settled, waitFor } = await import("../agents/world");
const { decodeVisitorToken, encodeVisitorToken } = await import("@/server/services/widget/visitor-token");
const messagesRoute = await import("@/app/api/public/widget/messages/route");
const detailsRoute = await import("@/app/api/public/widget/details/route");
const eventsRoute = await import("@/app/api/public/widget/events/route");
const configRoute = await import("@/app/api/public/widget/config/route");
const frameRoute = await import("@/app/api/public/widget/frame/route");

const SITE = "https://www.sunny-dental.example";
const APP = "http://localhost:8000";
let worker: Awaited<ReturnType<typeof startWorker>>;
let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  await seedOnboardingWorkspace();
  worker = await startWorker({ schedulers: false });
  server = await startRouteServer({
    "/api/public/widget/messages": (req) => (req.method === "GET" ? messagesRoute.GET(req) : messagesRoute.POST(req)),
    "/api/public/widget/details": (req) => detailsRoute.POST(req),
    "/api/public/widget/events": (req) => eventsRoute.GET(req),
    "/api/public/widget/config": (req) => (req.method === "OPTIONS" ? configRoute.OPTIONS(req) : configRoute.GET(req)),
    "/api/public/widget/frame": (req) => frameRoute.GET(req),
  });
});

beforeEach(() => {
  local.reset();
  withModel();
  resetEnvCache();
});

afterAll(async () => {
  await server?.close();
  await worker?.close();
  for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => {});
  await closeQueues();
  await closeConversationEvents();
  await closeRedis();
  await unsafeDb.$disconnect();
  await local.close();
});

/** A workspace whose site may show the chat, new visitors on its strategy. */
async function widgetWorld(opts: { strategy?: boolean } = {}) {
  const w = await agentWorld();
  const admin = await createUser({ subAccountId: w.subAccountId, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  const settings = await caller.widget.updateSettings({ allowedOrigins: [SITE], newLeadStrategyId: opts.strategy === false ? null : w.strategy.id });
  const { publicKey } = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: w.subAccountId }, select: { publicKey: true } });
  return { ...w, key: publicKey, settings, adminCaller: caller };
}

/** A visitor: their browser's cookie jar (one cookie) and address. */
function visitor(key: string, ip = uniqueIp()) {
  let cookie: string | null = null;
  const send = async (path: string, init: { method?: string; body?: unknown; origin?: string | null } = {}) => {
    const headers: Record<string, string> = { "x-forwarded-for": ip };
    if (init.origin !== null) headers.origin = init.origin ?? APP;
    if (cookie) headers.cookie = cookie;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${server.url}/api/public/widget/${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    const set = response.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0]!;
    return response;
  };
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value: string | null) {
      cookie = value;
    },
    say: (content: string, clientMessageId: string = randomUUID(), origin?: string | null) =>
      send("messages", { method: "POST", body: { key, content, clientMessageId, timezone: "America/Chicago" }, origin }),
    details: (body: Record<string, string>) => send("details", { method: "POST", body: { key, ...body } }),
    transcript: () => send(`messages?key=${key}`),
    send,
  };
}

const tokenOf = (cookie: string | null) => decodeVisitorToken(cookie?.split("=").slice(1).join("=") ?? null);

/** Reads server-sent events from a stream until `until` holds, then closes it. */
async function readEvents(response: Response, until: (events: { messages: { from: string; content: string }[]; personWillReply: boolean }[]) => boolean) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: { messages: { from: string; content: string }[]; personWillReply: boolean }[] = [];
  const deadline = Date.now() + 20_000;
  while (!until(events)) {
    if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events)}`);
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").find((l) => l.startsWith("data: "));
      if (data) events.push(JSON.parse(data.slice(6)));
    }
  }
  await reader.cancel();
  return events;
}

describe("website chat", () => {
  it("a visitor's message becomes a lead's web message, the worker's AI reply arrives on the live stream, and a retried POST stores one message", async () => {
    const w = await widgetWorld();
    local.script({ content: "Hello from Sunny Dental! How can I help?" });
    const v = visitor(w.key);
    const id = randomUUID();
    const first = await v.say("Hi, do you take new patients?", id);
    expect(first.status).toBe(201);
    const setCookie = first.headers.get("set-cookie")!;
    // Signed, HttpOnly, and usable inside a frame on the customer's site (partitioned per site).
    expect(setCookie).toMatch(/^__Host-lk_widget=v1\./);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=None; Secure; Partitioned");
    const token = tokenOf(v.cookie)!;
    expect(token.workspaceId).toBe(w.subAccountId);
    const lead = await unsafeDb.lead.findUniqueOrThrow({ where: { id: token.leadId! } });
    expect(lead).toMatchObject({ subAccountId: w.subAccountId, source: "web_chat", strategyId: w.strategy.id, timezone: "America/Chicago" });

    const stream = await v.send(`events?key=${w.key}`);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const events = await readEvents(stream, (evs) => evs.some((e) => e.messages.some((m) => m.from === "assistant")));
    const all = events.flatMap((e) => e.messages);
    expect(all.map((m) => [m.from, m.content])).toEqual([
      ["visitor", "Hi, do you take new patients?"],
      ["assistant", "Hello from Sunny Dental! How can I help?"],
    ]);
    const rows = await settled(lead.id);
    expect(rows.map((r) => [r.role, r.channel, r.status])).toEqual([["lead", "web", "received"], ["assistant", "web", "sent"]]);

    // The window retried the same message (a lost answer): still one message, one turn.
    const again = await v.say("Hi, do you take new patients?", id);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: "duplicate" });
    expect((await messagesOf(lead.id)).filter((m) => m.role === "lead")).toHaveLength(1);
    expect(local.requests).toHaveLength(1);

    // The visitor comes back: the transcript is theirs.
    const transcript = (await (await v.transcript()).json()) as { messages: { from: string }[]; started: boolean };
    expect(transcript.started).toBe(true);
    expect(transcript.messages.map((m) => m.from)).toEqual(["visitor", "assistant"]);
  });

  it("name, email and phone fill the lead; an address another lead has becomes a note, never that lead's conversation", async () => {
    const w = await widgetWorld();
    local.script({ content: "Hi!" }, { content: "Hi again!" });
    const v = visitor(w.key);
    expect((await v.details({ name: "Too Early" })).status).toBe(412);
    await v.say("Hello");
    const leadId = tokenOf(v.cookie)!.leadId!;
    const saved = await v.details({ name: "Wendy Widget", email: "Wendy@Example.com", phone: "(202) 555-0199" });
    expect(saved.status).toBe(200);
    expect(await unsafeDb.lead.findUniqueOrThrow({ where: { id: leadId } })).toMatchObject({ name: "Wendy Widget", email: "wendy@example.com", phone: "+12025550199" });

    const bad = await v.details({ email: "not an email" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.email).toBeTruthy();

    // A second visitor claims the first lead's email: their own lead keeps no email, a note says so.
    const other = visitor(w.key);
    await other.say("Hello too");
    const otherLead = tokenOf(other.cookie)!.leadId!;
    expect((await other.details({ email: "wendy@example.com" })).status).toBe(200);
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: otherLead } })).email).toBeNull();
    const notes = await unsafeDb.leadNote.findMany({ where: { leadId: otherLead } });
    expect(notes.map((n) => n.body).join()).toContain("wendy@example.com");
    const otherTranscript = (await (await other.transcript()).json()) as { messages: { content: string }[] };
    expect(otherTranscript.messages.map((m) => m.content)).not.toContain("Hello");
  });

  it("with the AI off, the visitor is told a person will reply and the message waits in the inbox", async () => {
    const w = await widgetWorld();
    delete process.env.OPENAI_API_KEY;
    resetEnvCache();
    const v = visitor(w.key);
    const response = await v.say("Is anyone there?");
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ personWillReply: true });
    const leadId = tokenOf(v.cookie)!.leadId!;
    const rows = await waitFor(async () => {
      const r = await messagesOf(leadId);
      return r[0]?.status === "needs_human" ? r : undefined;
    }, "the message to wait for a person");
    expect(rows).toHaveLength(1);
    const inbox = await w.adminCaller.chat.inbox({ waitingOnly: true });
    expect(inbox.items.find((c) => c.lead.id === leadId)).toMatchObject({ waitingForPerson: 1, lastMessage: { channel: "web", status: "needs_human" } });
    const transcript = (await (await v.transcript()).json()) as { personWillReply: boolean };
    expect(transcript.personWillReply).toBe(true);
  });

  it("refuses sites that are not the workspace's, forged tokens and another workspace's token", async () => {
    const w = await widgetWorld();
    const other = await widgetWorld();
    local.fallback(() => ({ content: "ok" }));

    // The loader's configuration: CORS for the workspace's site only.
    const allowed = await fetch(`${server.url}/api/public/widget/config?key=${w.key}`, { headers: { origin: SITE } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(SITE);
    const refused = await fetch(`${server.url}/api/public/widget/config?key=${w.key}`, { headers: { origin: "https://evil.example" } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect((await fetch(`${server.url}/api/public/widget/config?key=${randomUUID()}`, { headers: { origin: SITE } })).status).toBe(404);
    const preflight = await fetch(`${server.url}/api/public/widget/config?key=${w.key}`, { method: "OPTIONS", headers: { origin: SITE, "access-control-request-method": "GET" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SITE);
    const refusedPreflight = await fetch(`${server.url}/api/public/widget/config?key=${w.key}`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    expect(refusedPreflight.status).toBe(403);
    expect(refusedPreflight.headers.get("access-control-allow-origin")).toBeNull();

    // The window may be framed by the workspace's sites only.
    const frame = await fetch(`${server.url}/api/public/widget/frame?key=${w.key}`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get("content-security-policy")).toContain(`frame-ancestors ${SITE}`);
    await w.adminCaller.widget.updateSettings({ allowedOrigins: [] });
    expect((await fetch(`${server.url}/api/public/widget/frame?key=${w.key}`)).headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    await w.adminCaller.widget.updateSettings({ allowedOrigins: [SITE] });

    // A message posted from another site: refused, nothing stored.
    const before = await unsafeDb.message.count({ where: { subAccountId: w.subAccountId } });
    const v = visitor(w.key);
    expect((await v.say("from evil", randomUUID(), "https://evil.example")).status).toBe(403);
    expect(await unsafeDb.message.count({ where: { subAccountId: w.subAccountId } })).toBe(before);

    // A real visitor of workspace A…
    await v.say("hello");
    const token = tokenOf(v.cookie)!;
    // …whose token, re-signed by nobody, is edited to name another lead: treated as a new visitor.
    const forged = visitor(w.key);
    forged.cookie = `__Host-lk_widget=${encodeVisitorToken({ ...token, leadId: w.lead.id }).replace(/\.[^.]+$/, ".AAAA")}`;
    expect(((await (await forged.transcript()).json()) as { started: boolean }).started).toBe(false);
    // A's token on B's key: not B's visitor, sees nothing of A and writes a new lead of B.
    const crossed = visitor(other.key);
    crossed.cookie = v.cookie;
    expect(((await (await crossed.transcript()).json()) as { started: boolean }).started).toBe(false);
    expect((await crossed.send(`events?key=${other.key}`)).status).toBe(412);
    await crossed.say("which lead am I?");
    const crossedToken = tokenOf(crossed.cookie)!;
    expect(crossedToken.workspaceId).toBe(other.subAccountId);
    expect(crossedToken.leadId).not.toBe(token.leadId);
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: token.leadId! } })).subAccountId).toBe(w.subAccountId);
  });

  it("a person answers from the inbox on the web channel: stored, counted, delivered live in the visitor's window", async () => {
    const w = await widgetWorld({ strategy: false });
    const v = visitor(w.key);
    expect((await v.say("Is anyone there?")).status).toBe(201);
    const leadId = tokenOf(v.cookie)!.leadId!;
    await waitFor(async () => ((await messagesOf(leadId))[0]?.status === "needs_human" ? true : undefined), "the message to wait for a person");
    const stream = await v.send(`events?key=${w.key}`);
    const first = await readEvents(stream, (evs) => evs.length > 0);
    expect(first[0]!.personWillReply).toBe(true);

    const live = await v.send(`events?key=${w.key}`);
    const arriving = readEvents(live, (evs) => evs.some((e) => e.messages.some((m) => m.from === "person")));
    const sent = await w.adminCaller.messages.send({ leadId, channel: "web", body: "Hi! I'm Sam from the front desk.", idempotencyKey: randomUUID() });
    expect(sent).toMatchObject({ role: "human", channel: "web", status: "sent", content: "Hi! I'm Sam from the front desk." });
    const events = await arriving;
    const person = events.flatMap((e) => e.messages).filter((m) => m.from === "person");
    expect(person.map((m) => m.content)).toEqual(["Hi! I'm Sam from the front desk."]);
    expect(events.at(-1)!.personWillReply).toBe(false);
    // The visitor's waiting message counts as answered; the reply took one of the month's web chat slots.
    expect((await messagesOf(leadId)).map((m) => [m.role, m.channel, m.status])).toEqual([["lead", "web", "received"], ["human", "web", "sent"]]);
    expect((await unsafeDb.messageUsage.findFirstOrThrow({ where: { subAccountId: w.subAccountId, channel: "web" } })).sent).toBe(1);
    const sentEvents = await unsafeDb.domainEvent.findMany({ where: { subAccountId: w.subAccountId, type: "message.sent" } });
    expect(sentEvents.map((e) => (e.data as { message: { id: string | number } }).message.id).map(String)).toEqual([String(sent.id)]);
    const transcript = (await (await v.transcript()).json()) as { messages: { from: string }[] };
    expect(transcript.messages.map((m) => m.from)).toEqual(["visitor", "person"]);
  });

  it("a web chat answer is refused for a lead who never wrote from the website, over the month's limit, and across workspaces", async () => {
    const w = await widgetWorld({ strategy: false });
    // The lead of agentWorld came from elsewhere (no web conversation).
    await expect(w.adminCaller.messages.send({ leadId: w.lead.id, channel: "web", body: "Hello?" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("website chat") });
    const v = visitor(w.key);
    await v.say("Hello");
    const leadId = tokenOf(v.cookie)!.leadId!;
    await expect(w.adminCaller.messages.send({ leadId, channel: "web", body: "x".repeat(10_001) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(w.adminCaller.messages.send({ leadId, channel: "web", body: "bad \u0000 byte" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const other = await widgetWorld({ strategy: false });
    await expect(other.adminCaller.messages.send({ leadId, channel: "web", body: "Not yours" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlyWebLimit: 0 } });
    await expect(w.adminCaller.messages.send({ leadId, channel: "web", body: "Over the limit" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("web chat replies") });
    expect((await messagesOf(leadId)).filter((m) => m.role === "human")).toHaveLength(0);
    expect((await (await v.transcript()).json()) as { messages: { from: string }[] }).toMatchObject({ messages: [{ from: "visitor" }] });
  });

  it("limits messages per visitor and per address", async () => {
    const w = await widgetWorld({ strategy: false });
    const ip = uniqueIp();
    const v = visitor(w.key, ip);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await v.say(`message ${i}`)).status);
    // The first message has no visitor yet (counted per address only); then 20 per visitor per minute.
    expect(statuses.filter((s) => s === 201)).toHaveLength(21);
    const limited = await v.say("one more");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
    // Another visitor on the same address is still served, until the address's limit.
    const neighbour = visitor(w.key, ip);
    expect((await neighbour.say("hello")).status).toBe(201);
  });
});
