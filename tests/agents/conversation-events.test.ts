import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalOpenAI } from "../support/openai-server";

const local = await startLocalOpenAI();
process.env.QUEUE_PREFIX = `test-${randomUUID()}`;
Object.assign(process.env, { OPENAI_API_KEY: "sk-local-test", OPENAI_BASE_URL: local.baseURL, OPENAI_TIMEOUT_MS: "5000", OPENAI_MAX_RETRIES: "0" });
(await import("@/env")).resetEnvCache();

const { unsafeDb } = await import("@/server/db/client");
const { closeRedis, redisReady } = await import("@/server/redis/client");
const { closeQueues, getQueue } = await import("@/server/jobs/queues");
const { closeConversationEvents, conversationChannel, conversationEvents } = await import("@/server/realtime/conversation-events");
const { createSession, revokeSession, sessionStillInWorkspace } = await import("@/server/auth/sessions");
const { createContext } = await import("@/server/api/trpc");
const { createCaller } = await import("@/server/api/root");
const { uniqueIp } = await import("../support/factories");
const { GET: trpcRoute } = await import("@/app/api/trpc/[trpc]/route");
const { sessionCookieName } = await import("@/server/auth/session-token");
const { getEnv } = await import("@/env");
const { encode } = await import("next-auth/jwt");
const { startWorker } = await import("../../worker/start");
const { agentWorld, settled, waitFor } = await import("./world");

type Event = { leadId: number | null; kind: string };

let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  worker = await startWorker({ schedulers: false });
  local.fallback(() => ({ content: "Thanks, a person will follow up." }));
});

afterAll(async () => {
  await worker?.close();
  for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => {});
  await closeConversationEvents();
  await closeQueues();
  await closeRedis();
  await unsafeDb.$disconnect();
  await local.close();
});

/**
 * A real subscriber of chat.events, signed in as `userId` with a request signal as the SSE handler passes one (closing
 * aborts it, as a browser leaving does). Events arrive in order; `next` waits at most `ms` and gives null after that.
 */
async function listen(userId: number, subAccountId: number) {
  const session = await createSession({ kind: "user", id: userId }, { rememberMe: false, ip: "127.0.0.1" });
  const ctx = await createContext({
    headers: new Headers({ "x-forwarded-for": uniqueIp() }),
    sessionClaims: { sessionId: session.sessionId, accessExpiresAt: session.accessExpiresAt },
  });
  const request = new AbortController();
  const caller = createCaller(ctx, { signal: request.signal });
  const iterator = (await caller.chat.events())[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<Event>> | null = iterator.next();
  const channel = conversationChannel(subAccountId);
  // Subscribed once Redis counts a subscriber on the workspace's channel.
  await waitFor(async () => {
    const [, count] = (await (await redisReady()).pubsub("NUMSUB", channel)) as [string, number];
    return count > 0 ? true : undefined;
  }, `a subscriber on ${channel}`);
  return {
    async next(ms = 5_000): Promise<Event | null> {
      const current = pending!;
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms));
      const result = await Promise.race([current, timeout]);
      if (result === "timeout") return null;
      pending = iterator.next();
      return result.done ? null : result.value;
    },
    async close() {
      request.abort();
      await pending;
    },
  };
}

describe("chat.events", () => {
  it("streams a workspace's conversation changes to its own subscribers only, and unsubscribes when they leave", async () => {
    const a = await agentWorld();
    const b = await agentWorld();
    const listenA = await listen(a.user.id, a.subAccountId);
    const listenB = await listen(b.user.id, b.subAccountId);

    // A lead of A writes: A hears the message, then the AI's reply from the worker. B hears nothing of it.
    await a.say("Hello, anyone there?");
    expect(await listenA.next()).toEqual({ leadId: a.lead.id, kind: "message" });
    await settled(a.lead.id);
    expect(await listenA.next()).toEqual({ leadId: a.lead.id, kind: "message" });

    // B's own activity reaches B, and it is the first thing B hears.
    await b.caller.chat.setAi({ leadId: b.lead.id, enabled: false });
    expect(await listenB.next()).toEqual({ leadId: b.lead.id, kind: "ai" });

    // A person's text in A: the stored message, then its delivery status once the worker sent it.
    await a.caller.leads.update({ id: a.lead.id, phone: "+12125550199" });
    await a.caller.messages.send({ leadId: a.lead.id, channel: "sms", body: "We'll call you at 3." });
    expect(await listenA.next()).toEqual({ leadId: a.lead.id, kind: "message" });
    expect(await listenA.next(15_000)).toEqual({ leadId: null, kind: "status" });

    expect(await listenB.next(500)).toBeNull();

    await listenA.close();
    await listenB.close();
    for (const id of [a.subAccountId, b.subAccountId]) {
      const [, count] = (await (await redisReady()).pubsub("NUMSUB", conversationChannel(id))) as [string, number];
      expect(count).toBe(0);
    }
  }, 60_000);

  it("ends an open stream, with a sign-in error, once its session is revoked", async () => {
    const a = await agentWorld();
    const session = await createSession({ kind: "user", id: a.user.id }, { rememberMe: false, ip: "127.0.0.1" });
    const stream = conversationEvents(a.ctx, undefined, {
      stillAllowed: () => sessionStillInWorkspace(session.sessionId, a.subAccountId),
      recheckMs: 100,
    });
    const first = stream.next();
    await waitFor(async () => {
      const [, count] = (await (await redisReady()).pubsub("NUMSUB", conversationChannel(a.subAccountId))) as [string, number];
      return count > 0 ? true : undefined;
    }, "the stream's subscription");
    await a.caller.chat.setAi({ leadId: a.lead.id, enabled: false });
    expect((await first).value).toEqual({ leadId: a.lead.id, kind: "ai" });

    await revokeSession(session.sessionId, "signed out elsewhere");
    await expect(stream.next()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
    const [, count] = (await (await redisReady()).pubsub("NUMSUB", conversationChannel(a.subAccountId))) as [string, number];
    expect(count).toBe(0);
  });

  it("is served as server-sent events by the tRPC route to a signed-in browser", async () => {
    const a = await agentWorld();
    const session = await createSession({ kind: "user", id: a.user.id }, { rememberMe: false, ip: "127.0.0.1" });
    const token = await encode({ token: { sid: session.sessionId, accessExpiresAt: session.accessExpiresAt }, secret: getEnv().JWT_SECRET });
    const browser = new AbortController();
    const response = await trpcRoute(
      new Request("http://127.0.0.1/api/trpc/chat.events", {
        headers: { cookie: `${sessionCookieName()}=${token}`, accept: "text/event-stream", "x-forwarded-for": uniqueIp() },
        signal: browser.signal,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in the stream: ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended without ${pattern}: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil(/event: connected/);
    await waitFor(async () => {
      const [, count] = (await (await redisReady()).pubsub("NUMSUB", conversationChannel(a.subAccountId))) as [string, number];
      return count > 0 ? true : undefined;
    }, "the route's subscriber");
    await a.caller.chat.setAi({ leadId: a.lead.id, enabled: false });
    await readUntil(new RegExp(`"leadId":${a.lead.id},"kind":"ai"`));
    browser.abort();
    await reader.cancel().catch(() => {});

    // Without a session the stream is refused.
    const anonymous = await trpcRoute(new Request("http://127.0.0.1/api/trpc/chat.events", { headers: { accept: "text/event-stream" } }));
    const body = await anonymous.text();
    expect(body).toMatch(/UNAUTHORIZED/);
  });
});
