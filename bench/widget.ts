// `npm run bench:widget`: the website chat in the real app server (production build, `tsx scripts/server.ts`) and the
// real worker, with an instant local model (bench/ai-model-server.ts, its own process). Two figures:
//   1. A widget message to its stored reply (POST /api/public/widget/messages, a new visitor each time, until the AI's
//      reply row exists), p50 as a ratio to the same turn from the test chat (tRPC chat.testSend with a real session),
//      sequential, alternating A/B so load drifts hit both alike.
//   2. 500 open widget SSE streams (/api/public/widget/events) held by the one app process: server RSS per connection,
//      time until every stream got its first event, an event's delivery to 50 held streams, and GET /status p50 while
//      they are held against before (ratio).
// Own database loctelli_bench_widget (dropped and recreated), Redis db BENCH_REDIS_DB (default 13) flushed, its own
// queue prefix. Needs a build (.next/BUILD_ID). Writes bench/results/widget.json. Prints the machine load.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { recreateBenchDatabase } from "./database";
import { fetchCsrf, signIn } from "./auth";
import { startServer, statusField, type BenchServer } from "./server";
import { ratio, round, summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "widget.json");
const DB_NAME = "loctelli_bench_widget";
const PORT = Number(process.env.BENCH_PORT ?? 8270);
const BASE = `http://127.0.0.1:${PORT}`;
const REDIS_URL = `redis://127.0.0.1:6379/${process.env.BENCH_REDIS_DB ?? 13}`;
const CONFIG = { turns: 30, warmupTurns: 3, streams: 500, fanOut: 50, statusRequests: 300 } as const;
const DEMO_PASSWORD = randomBytes(12).toString("base64url");
const SITE = "https://www.bench-site.example";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => console.log(`[bench:widget] ${msg}`);
const children: BenchServer[] = [];
const load = () => os.loadavg().map((x) => round(x, 2));

async function startProcess(script: string, env: NodeJS.ProcessEnv, logFile: string, ready: RegExp) {
  const child = startServer(ROOT, env, logFile, script);
  children.push(child);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const match = fs.readFileSync(logFile, "utf8").match(ready);
    if (match) return { child, match };
    if (child.exited()) throw new Error(`${script} exited at start; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`${script} was not ready after 90 s; see ${logFile}`);
    await sleep(100);
  }
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("build the app first (npm run build)");
  const model = await startProcess("bench/ai-model-server.ts", { ...process.env, NODE_ENV: "production" }, path.join(ROOT, "bench/results/widget-model.log"), /MODEL_BASE_URL=(\S+)/);
  Object.assign(process.env, {
    NODE_ENV: "production",
    PORT: String(PORT),
    APP_URL: BASE,
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`,
    DATABASE_POOL_SIZE: "10",
    REDIS_URL,
    QUEUE_PREFIX: `bench-widget-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: "warn",
    RUN_MIGRATIONS_ON_START: "false",
    TRUST_PROXY_HOPS: "1",
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: model.match[1]!,
    OPENAI_MAX_RETRIES: "0",
    DEMO_USER_PASSWORD: DEMO_PASSWORD,
    DEFAULT_ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    JWT_SECRET: randomBytes(48).toString("base64url"),
    JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  const loadAtStart = load();
  log(`cpus ${os.cpus().length}, load at start ${loadAtStart.join(" / ")}`);
  log(`database ${DB_NAME} recreated (${(await recreateBenchDatabase(DB_NAME)).length} migrations)`);
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();

  const { unsafeDb } = await import("@/server/db/client");
  const { seed } = await import("../prisma/seed");
  await seed();
  const workspace = await unsafeDb.subAccount.findFirstOrThrow({ where: { name: "Demo Workspace" }, select: { id: true, publicKey: true, settings: true } });
  const strategy = await unsafeDb.strategy.findFirstOrThrow({ where: { subAccountId: workspace.id }, select: { id: true } });
  // No pacing: the figure is the engine's path, not the strategy's deliberate delay (the test chat skips it too).
  await unsafeDb.strategy.update({ where: { id: strategy.id }, data: { delayMin: 0, delayMax: 0 } });
  await unsafeDb.subAccount.update({
    where: { id: workspace.id },
    data: { settings: { ...(workspace.settings as object), widget: { allowedOrigins: [SITE], newLeadStrategyId: strategy.id } } },
  });

  const app = await startProcess("scripts/server.ts", { ...process.env }, path.join(ROOT, "bench/results/widget-server.log"), /app listening/);
  await startProcess("worker/index.ts", { ...process.env, LOG_LEVEL: "info" }, path.join(ROOT, "bench/results/widget-worker.log"), /worker ready/);
  await sleep(1_000);

  // ── figure 1: widget message -> stored reply, against the test chat ──
  const csrf = await fetchCsrf(BASE, "10.1.0.1");
  const session = await signIn(BASE, csrf, "demo@loctelli.local", DEMO_PASSWORD);
  if (!session.sessionCookie) throw new Error(`sign-in failed: ${session.error}`);
  const trpc = async (procedure: string, input: unknown) => {
    const res = await fetch(`${BASE}/api/trpc/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: session.sessionCookie!, "x-forwarded-for": "10.1.0.1", origin: BASE },
      body: JSON.stringify({ json: input }),
    });
    const body = (await res.json()) as { result?: { data?: { json?: unknown } } };
    if (!res.ok) throw new Error(`${procedure}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body.result!.data!.json as Record<string, unknown>;
  };
  /** Milliseconds from `t0` (epoch ms) until the lead's first assistant reply row was stored. */
  const replyAfter = async (leadId: number, t0: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const reply = await unsafeDb.message.findFirst({ where: { leadId, role: "assistant" }, select: { createdAt: true } });
      if (reply) return reply.createdAt.getTime() - t0;
      if (Date.now() > deadline) throw new Error(`no reply for lead ${leadId}`);
      await sleep(5);
    }
  };
  let visitorIp = 0;
  const widgetTurn = async () => {
    const ip = `10.2.${Math.floor(++visitorIp / 250)}.${(visitorIp % 250) + 1}`;
    const t0 = Date.now();
    const res = await fetch(`${BASE}/api/public/widget/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": ip },
      body: JSON.stringify({ key: workspace.publicKey, content: "Hello, do you have time this week?", clientMessageId: randomUUID() }),
    });
    if (res.status !== 201) throw new Error(`widget message: ${res.status} ${await res.text()}`);
    const { decodeVisitorToken } = await import("@/server/services/widget/visitor-token");
    const token = decodeVisitorToken(res.headers.get("set-cookie")!.split(";")[0]!.split("=").slice(1).join("="))!;
    return replyAfter(token.leadId!, t0);
  };
  const testChatTurn = async () => {
    const started = await trpc("chat.testStart", { strategyId: strategy.id });
    const leadId = started.leadId as number;
    const t0 = Date.now();
    await trpc("chat.testSend", { leadId, content: "Hello, do you have time this week?" });
    return replyAfter(leadId, t0);
  };
  log(`figure 1: ${CONFIG.turns} turns each, alternating (after ${CONFIG.warmupTurns} warm-up each)`);
  for (let i = 0; i < CONFIG.warmupTurns; i++) {
    await widgetTurn();
    await testChatTurn();
  }
  const widgetMs: number[] = [];
  const testChatMs: number[] = [];
  for (let i = 0; i < CONFIG.turns; i++) {
    if (i % 2 === 0) {
      widgetMs.push(await widgetTurn());
      testChatMs.push(await testChatTurn());
    } else {
      testChatMs.push(await testChatTurn());
      widgetMs.push(await widgetTurn());
    }
  }
  const widget = summarize(widgetMs);
  const testChat = summarize(testChatMs);
  const loadAfterTurns = load();
  log(`widget p50 ${round(widget.p50, 1)} ms, test chat p50 ${round(testChat.p50, 1)} ms, ratio ${ratio(widget.p50, testChat.p50)} (load ${loadAfterTurns.join(" / ")})`);

  // ── figure 2: 500 held SSE streams ──
  const serverPid = app.child.serverPid();
  if (serverPid === null) throw new Error("no serving process found");
  const { encodeVisitorToken } = await import("@/server/services/widget/visitor-token");
  const { visitorCookieName } = await import("@/server/http/widget");
  const leads = await unsafeDb.lead.createManyAndReturn({
    data: Array.from({ length: CONFIG.streams }, (_, i) => ({ subAccountId: workspace.id, name: `Visitor ${i}`, source: "web_chat", strategyId: strategy.id })),
    select: { id: true },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const statusP50 = async () => {
    const samples: number[] = [];
    for (let i = 0; i < CONFIG.statusRequests; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => http.get({ host: "127.0.0.1", port: PORT, path: "/status", agent }, (res) => res.resume().on("end", resolve)).on("error", reject));
      samples.push(performance.now() - t0);
    }
    return summarize(samples);
  };
  interface Held { request: http.ClientRequest; firstEventMs: Promise<number>; waitFor: (text: string) => Promise<number> }
  const open = (leadId: number, index: number): Held => {
    const cookie = `${visitorCookieName()}=${encodeVisitorToken({ workspaceId: workspace.id, visitorId: `bench${index}`, leadId, issuedAt: Math.floor(Date.now() / 1000) })}`;
    const t0 = performance.now();
    let buffer = "";
    const waiters: { text: string; resolve: (ms: number) => void; since: number }[] = [];
    let first: (ms: number) => void;
    const firstEventMs = new Promise<number>((r) => (first = r));
    const request = http.get(
      { host: "127.0.0.1", port: PORT, path: `/api/public/widget/events?key=${workspace.publicKey}`, agent, headers: { cookie, "x-forwarded-for": `10.3.${index >> 8}.${index & 255}` } },
      (res) => {
        if (res.statusCode !== 200) throw new Error(`stream ${index}: ${res.statusCode}`);
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buffer += chunk;
          if (buffer.includes("event: message")) first(performance.now() - t0);
          for (const w of waiters.splice(0)) {
            if (buffer.includes(w.text)) w.resolve(performance.now() - w.since);
            else waiters.push(w);
          }
          if (buffer.length > 100_000) buffer = buffer.slice(-10_000);
        });
      },
    );
    request.on("error", () => undefined);
    return { request, firstEventMs, waitFor: (text) => new Promise((resolve) => waiters.push({ text, resolve, since: performance.now() })) };
  };
  // Warm the route, then measure the process at rest.
  const warm = Array.from({ length: 10 }, (_, i) => open(leads[i]!.id, 10_000 + i));
  await Promise.all(warm.map((h) => h.firstEventMs));
  for (const h of warm) h.request.destroy();
  await sleep(2_000);
  const statusBefore = await statusP50();
  const rssBeforeKb = statusField(serverPid, "VmRSS")!;
  log(`figure 2: opening ${CONFIG.streams} streams at once (server RSS before ${Math.round(rssBeforeKb / 1024)} MB)`);
  const openedAt = performance.now();
  const held = leads.map((lead, i) => open(lead.id, i));
  const firsts = await Promise.all(held.map((h) => h.firstEventMs));
  const allOpenMs = performance.now() - openedAt;
  await sleep(3_000);
  const rssHeldKb = statusField(serverPid, "VmRSS")!;
  const statusHeld = await statusP50();
  // An event for 50 of the held visitors: a stored reply and the conversation event, as the worker publishes them.
  const { encryptMessageContent } = await import("@/server/services/messages/message-content");
  const { publishConversationEvent } = await import("@/server/realtime/conversation-events");
  const targets = leads.slice(0, CONFIG.fanOut);
  const marker = `fan-out-${randomUUID().slice(0, 8)}`;
  const deliveries = targets.map((_, i) => held[i]!.waitFor(marker));
  const t0 = performance.now();
  for (const lead of targets) {
    await unsafeDb.message.create({ data: { subAccountId: workspace.id, leadId: lead.id, role: "assistant", channel: "web", status: "sent", content: encryptMessageContent(workspace.id, lead.id, marker) } });
    await publishConversationEvent(workspace.id, { leadId: lead.id, kind: "message" });
  }
  const publishMs = performance.now() - t0;
  const delivered = summarize(await Promise.all(deliveries));
  const rssAfterKb = statusField(serverPid, "VmRSS")!;
  for (const h of held) h.request.destroy();
  const perConnectionKb = (rssHeldKb - rssBeforeKb) / CONFIG.streams;
  const loadAtEnd = load();
  const results = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    load: { atStart: loadAtStart, afterTurns: loadAfterTurns, atEnd: loadAtEnd },
    widgetVsTestChat: { widgetMs: widget, testChatMs: testChat, p50Ratio: ratio(widget.p50, testChat.p50), turns: CONFIG.turns },
    streams: {
      count: CONFIG.streams,
      allOpenMs: round(allOpenMs, 0),
      firstEventMs: summarize(firsts),
      rssBeforeMb: round(rssBeforeKb / 1024, 1),
      rssHeldMb: round(rssHeldKb / 1024, 1),
      rssAfterFanOutMb: round(rssAfterKb / 1024, 1),
      perConnectionKb: round(perConnectionKb, 1),
      fanOut: { streams: CONFIG.fanOut, publishMs: round(publishMs, 0), deliveryMs: delivered },
      statusP50Ms: { before: round(statusBefore.p50, 2), held: round(statusHeld.p50, 2), ratio: ratio(statusHeld.p50, statusBefore.p50) },
    },
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2));
  console.table({
    "widget message -> stored reply p50 (ms)": round(widget.p50, 1),
    "test chat -> stored reply p50 (ms)": round(testChat.p50, 1),
    "ratio widget / test chat (p50)": results.widgetVsTestChat.p50Ratio,
    [`${CONFIG.streams} streams: all open with first event (ms)`]: results.streams.allOpenMs,
    "server RSS before / held (MB)": `${results.streams.rssBeforeMb} / ${results.streams.rssHeldMb}`,
    "RSS per held stream (KB)": results.streams.perConnectionKb,
    [`event to ${CONFIG.fanOut} held streams p50 / max (ms)`]: `${round(delivered.p50, 1)} / ${round(delivered.max, 1)}`,
    "GET /status p50 before / held (ms)": `${results.streams.statusP50Ms.before} / ${results.streams.statusP50Ms.held} (${results.streams.statusP50Ms.ratio}x)`,
    "load 1/5/15 min at start / end": `${loadAtStart.join(" ")} / ${loadAtEnd.join(" ")}`,
  });
  await redis.flushdb();
  await redis.quit();
  await unsafeDb.$disconnect();
}

const stopAll = async () => {
  for (const child of children.reverse()) await child.stop().catch(() => undefined);
};
const watchdog = setTimeout(() => {
  console.error("[bench:widget] watchdog: 8 minutes passed");
  void stopAll().then(() => process.exit(1));
}, 8 * 60_000);
try {
  await main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await stopAll();
  const { closeRedis } = await import("@/server/redis/client");
  const { closeConversationEvents } = await import("@/server/realtime/conversation-events");
  await closeConversationEvents().catch(() => undefined);
  await closeRedis().catch(() => undefined);
  process.exit(process.exitCode ?? 0);
}
