// `npm run bench:widget`: the website chat. (1) A visitor's message to the stored AI reply, with a model that answers at
// once, against the same turn sent from the test chat (chat.testSend), same processes, same run, ABBA blocks: the ratio
// is what the web channel adds (public route, token, rate limits, WebhookEvent, pacing hand-off) to the engine's turn.
// (2) 500 open widget event streams (SSE) held by one app process: its RSS before and after, per connection.
// Own database loctelli_bench_widget (dropped, recreated), Redis BENCH_REDIS_URL (default the widget helper's test
// index) under a queue prefix of its own (obliterated afterwards). Writes bench/results/widget.json.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { startLocalOpenAI } from "../tests/support/openai-server";
import { recreateBenchDatabase } from "./database";
import { startServer, type BenchServer } from "./server";
import { ratio, round, summarize, type Summary } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "widget.json");
const DB_NAME = process.env.BENCH_DATABASE ?? "loctelli_bench_widget";
const PORT = Number(process.env.BENCH_PORT ?? 8264);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/6";
const APP = `http://127.0.0.1:${PORT}`;
const SITE = "https://www.bench-site.example";
const CONFIG = {
  /** Conversations per side per block, messages per conversation (each waits for its reply), blocks (ABBA). */
  conversationsPerBlock: Number(process.env.BENCH_WIDGET_CONVERSATIONS ?? 4),
  messagesPerConversation: 5,
  blocks: 4,
  streams: Number(process.env.BENCH_WIDGET_STREAMS ?? 500),
} as const;

const model = await startLocalOpenAI();
model.fallback(() => ({ content: "Thanks! How can I help?" }));

// Set before any app module reads the environment (this process, the app server and the worker).
Object.assign(process.env, {
  NODE_ENV: "production",
  APP_URL: APP,
  DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`,
  DATABASE_POOL_SIZE: "10",
  REDIS_URL,
  QUEUE_PREFIX: `bench-widget-${randomBytes(4).toString("hex")}`,
  LOG_LEVEL: "warn",
  RUN_MIGRATIONS_ON_START: "false",
  TRUST_PROXY_HOPS: "1",
  OPENAI_API_KEY: "bench-local-model",
  OPENAI_BASE_URL: model.baseURL,
  OPENAI_MODEL: "bench-instant",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:widget] ${msg}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let ipCounter = 0;
const nextIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;

function request(method: string, pathname: string, opts: { body?: unknown; headers?: Record<string, string>; agent?: http.Agent | false } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: pathname,
        method,
        agent: opts.agent ?? agent,
        headers: { ...(body ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } : {}), ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function main() {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  log(`recreating ${DB_NAME}`);
  await recreateBenchDatabase(DB_NAME);
  const { unsafeDb } = await import("@/server/db/client");
  const { createSession } = await import("@/server/auth/sessions");
  const { sessionCookieName } = await import("@/server/auth/session-token");
  const { encode } = await import("next-auth/jwt");
  const { getEnv } = await import("@/env");
  const { conversationChannel } = await import("@/server/realtime/conversation-events");
  const { decodeVisitorToken, encodeVisitorToken, newVisitorToken } = await import("@/server/services/widget/visitor-token");
  const { visitorCookieName } = await import("@/server/http/widget");

  // Workspace 1 is the onboarding workspace (its members may only create or join one): seeded first, as in production.
  const { seedOnboardingWorkspace } = await import("../prisma/seed");
  await seedOnboardingWorkspace();
  // One workspace: a strategy that answers without pacing, chosen for new website visitors; an admin for the test chat.
  const workspace = await unsafeDb.subAccount.create({ data: { name: "Bench Widget", slug: `bench-widget-${Date.now()}` } });
  const { publicKey } = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: workspace.id }, select: { publicKey: true } });
  const admin = await unsafeDb.user.create({ data: { subAccountId: workspace.id, email: `bench-${Date.now()}@bench.example`, name: "Bench Admin", role: "admin", passwordHash: "x" } });
  const session = await createSession({ kind: "user", id: admin.id }, { rememberMe: false, ip: "127.0.0.1" });
  const staffCookie = `${sessionCookieName()}=${encodeURIComponent(await encode({ token: { sid: session.sessionId, accessExpiresAt: session.accessExpiresAt }, secret: getEnv().JWT_SECRET }))}`;

  const server: BenchServer = startServer(ROOT, { ...process.env, BENCH_PORT: String(PORT) }, path.join(ROOT, "bench", "results", "widget-server.log"), "bench/widget-server.ts");
  const worker: BenchServer = startServer(ROOT, { ...process.env }, path.join(ROOT, "bench", "results", "widget-worker.log"), "worker/index.ts");
  const trpc = async (pathname: string, input: unknown) => {
    const res = await request("POST", `/api/trpc/${pathname}`, { body: { json: input }, headers: { Cookie: staffCookie, Origin: APP, "X-Forwarded-For": "10.250.0.1" } });
    if (res.status !== 200) throw new Error(`${pathname}: ${res.status} ${res.body}`);
    return (JSON.parse(res.body) as { result: { data: { json: unknown } } }).result.data.json;
  };
  const stopAll = () => Promise.all([server.stop(), worker.stop()]);
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));
  process.once("SIGTERM", () => void stopAll().then(() => process.exit(143)));
  try {
    for (let i = 0; ; i++) {
      const up = await request("GET", `/api/public/widget/messages?key=${publicKey}`).catch(() => null);
      if (up?.status === 200) break;
      if (i > 600 || server.exited()) throw new Error("the bench server did not start (bench/results/widget-server.log)");
      await new Promise((r) => setTimeout(r, 200));
    }

    const strategy = (await trpc("strategies.create", { name: "Front desk", aiName: "Ava", delayMin: 0, delayMax: 0 })) as { id: number };
    await trpc("widget.updateSettings", { allowedOrigins: [SITE], newLeadStrategyId: strategy.id });

    // A reply is "stored" when the lead has an assistant message newer than the last one seen: checked at once and at
    // every conversation event of the lead (the event the worker publishes with the reply), the same way for both sides.
    const subscriber = new Redis(REDIS_URL);
    const db = unsafeDb;
    const waiters = new Map<number, () => void>();
    await subscriber.subscribe(conversationChannel(workspace.id));
    subscriber.on("message", (_channel, raw) => {
      const event = JSON.parse(raw) as { leadId: number | null };
      if (event.leadId !== null) waiters.get(event.leadId)?.();
    });
    const lastAssistant = new Map<number, bigint>();
    function replyStored(leadId: number): Promise<void> {
      return new Promise((resolve, reject) => {
        let checking = false;
        let again = false;
        const timeout = setTimeout(() => {
          waiters.delete(leadId);
          reject(new Error(`no reply for lead ${leadId} within 60 s`));
        }, 60_000);
        const check = async () => {
          if (checking) return void (again = true);
          checking = true;
          do {
            again = false;
            const row = await db.message.findFirst({ where: { subAccountId: workspace.id, leadId, role: "assistant", id: { gt: lastAssistant.get(leadId) ?? 0n } }, orderBy: { id: "desc" }, select: { id: true } });
            if (row) {
              lastAssistant.set(leadId, row.id);
              clearTimeout(timeout);
              waiters.delete(leadId);
              return resolve();
            }
          } while (again);
          checking = false;
        };
        waiters.set(leadId, () => void check());
        void check();
      });
    }

    /** A website visitor's conversation: each message from POST to its stored reply. */
    async function widgetConversation(samples: number[]) {
      const ip = nextIp();
      let cookie: string | null = null;
      let leadId: number | null = null;
      for (let m = 0; m < CONFIG.messagesPerConversation; m++) {
        const t0 = performance.now();
        const res = await request("POST", "/api/public/widget/messages", {
          body: { key: publicKey, content: `Hello, message ${m}`, clientMessageId: randomUUID(), timezone: "America/New_York" },
          headers: { Origin: APP, "X-Forwarded-For": ip, ...(cookie ? { Cookie: cookie } : {}) },
        });
        if (res.status !== 201) throw new Error(`widget message refused: ${res.status} ${res.body}`);
        const set = res.headers["set-cookie"]?.[0];
        if (set) cookie = set.split(";")[0]!;
        leadId ??= decodeVisitorToken(cookie!.split("=").slice(1).join("="))!.leadId!;
        await replyStored(leadId);
        samples.push(performance.now() - t0);
      }
    }

    /** The same turns from the test chat: chat.testSend, then the stored reply. */
    async function testChatConversation(samples: number[]) {
      const { leadId } = (await trpc("chat.testStart", { strategyId: strategy.id })) as { leadId: number };
      for (let m = 0; m < CONFIG.messagesPerConversation; m++) {
        const t0 = performance.now();
        await trpc("chat.testSend", { leadId, content: `Hello, message ${m}` });
        await replyStored(leadId);
        samples.push(performance.now() - t0);
      }
    }

    const loadBefore = os.loadavg();
    log("warming up (one conversation each)");
    await widgetConversation([]);
    await testChatConversation([]);
    const widget: number[] = [];
    const testChat: number[] = [];
    const order = ["widget", "test", "test", "widget"] as const;
    log(`measuring: ${CONFIG.blocks} blocks of ${CONFIG.conversationsPerBlock} conversations x ${CONFIG.messagesPerConversation} messages per side, ABBA`);
    for (let b = 0; b < CONFIG.blocks; b++) {
      const side = order[b % order.length]!;
      await Promise.all(Array.from({ length: CONFIG.conversationsPerBlock }, () => (side === "widget" ? widgetConversation(widget) : testChatConversation(testChat))));
    }
    const w = summarize(widget);
    const t = summarize(testChat);

    // 500 open widget streams: visitors whose leads exist (a token of theirs, as their first message would have given
    // them), each stream open until it has sent its first event; RSS of the serving process before and after.
    log(`opening ${CONFIG.streams} widget event streams`);
    const leads = await Promise.all(
      Array.from({ length: CONFIG.streams }, (_, i) => unsafeDb.lead.create({ data: { subAccountId: workspace.id, name: `Visitor ${i}`, source: "web_chat" }, select: { id: true } })),
    );
    const serverPid = server.serverPid();
    await new Promise((r) => setTimeout(r, 1_000));
    const rssBeforeKb = server.rssKb() ?? 0;
    const streamAgent = new http.Agent({ keepAlive: false, maxSockets: CONFIG.streams + 10 });
    const open: http.ClientRequest[] = [];
    let firstEvents = 0;
    let refused = 0;
    const opened = Promise.all(
      leads.map(
        (lead) =>
          new Promise<void>((resolve) => {
            const token = { ...newVisitorToken(workspace.id), leadId: lead.id };
            const req = http.request(
              {
                host: "127.0.0.1",
                port: PORT,
                path: `/api/public/widget/events?key=${publicKey}`,
                agent: streamAgent,
                headers: { Origin: APP, "X-Forwarded-For": nextIp(), Cookie: `${visitorCookieName()}=${encodeVisitorToken(token)}`, Accept: "text/event-stream" },
              },
              (res) => {
                if (res.statusCode !== 200) {
                  refused++;
                  res.resume();
                  return resolve();
                }
                let buffer = "";
                res.on("data", (chunk: Buffer) => {
                  buffer += chunk.toString();
                  if (buffer.includes("event: message")) {
                    firstEvents++;
                    buffer = "";
                    resolve();
                  }
                });
                res.on("error", () => resolve());
              },
            );
            req.on("error", () => {
              refused++;
              resolve();
            });
            req.end();
            open.push(req);
          }),
      ),
    );
    const openStarted = performance.now();
    await opened;
    const openMs = performance.now() - openStarted;
    await new Promise((r) => setTimeout(r, 2_000));
    const rssOpenKb = server.rssKb() ?? 0;
    const loadAfter = os.loadavg();
    for (const req of open) req.destroy();
    streamAgent.destroy();
    await subscriber.quit();

    const results = {
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      loadavg1mBefore: round(loadBefore[0]!, 2),
      loadavg1mAfter: round(loadAfter[0]!, 2),
      config: CONFIG,
      widgetTurnMs: w,
      testChatTurnMs: t,
      ratios: { p50: ratio(w.p50, t.p50), p99: ratio(w.p99, t.p99) },
      streams: {
        requested: CONFIG.streams,
        open: firstEvents,
        refused,
        openAllMs: round(openMs, 1),
        serverPid,
        rssBeforeMb: round(rssBeforeKb / 1024, 1),
        rssOpenMb: round(rssOpenKb / 1024, 1),
        rssPerConnectionKb: firstEvents ? round((rssOpenKb - rssBeforeKb) / firstEvents, 1) : null,
      },
    };
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2));
    const row = (name: string, s: Summary) => `${name.padEnd(26)} n=${String(s.n).padStart(4)}  p50 ${s.p50.toFixed(1).padStart(7)} ms  p99 ${s.p99.toFixed(1).padStart(7)} ms  max ${s.max.toFixed(1).padStart(7)} ms`;
    console.log(`\nWebsite chat (${results.cpus} CPUs, load ${results.loadavg1mBefore} -> ${results.loadavg1mAfter}; instant model)`);
    console.log(row("widget message -> reply", w));
    console.log(row("test chat message -> reply", t));
    console.log(`ratio widget/test chat   p50 ${results.ratios.p50}x  p99 ${results.ratios.p99}x`);
    console.log(
      `${CONFIG.streams} widget streams: ${firstEvents} open (${refused} refused) in ${results.streams.openAllMs} ms; app RSS ${results.streams.rssBeforeMb} -> ${results.streams.rssOpenMb} MB, ${results.streams.rssPerConnectionKb} KB per connection`,
    );
  } finally {
    await stopAll();
    const { getQueue, closeQueues } = await import("@/server/jobs/queues");
    for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => undefined);
    await closeQueues();
    const { closeRedis } = await import("@/server/redis/client");
    await closeRedis();
    await unsafeDb.$disconnect();
    agent.destroy();
    await model.close();
  }
}

const watchdog = setTimeout(() => {
  console.error("[bench:widget] watchdog: took over 8 minutes");
  process.exit(1);
}, 480_000);
watchdog.unref();
main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
