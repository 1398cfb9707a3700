/**
 * Outbound webhooks fan-out bench (bench/README.md, "Webhooks fan-out"): 10,000 domain events of one workspace, each
 * recorded in its own transaction through the real path (transactionWithEvents -> fan-out-domain-event ->
 * webhooks subscriber -> deliver-webhook: signed POST through the SSRF-checked undici pool), delivered to a local
 * receiver by the real worker (in this process). Figures: deliveries per second and event-to-delivery latency
 * (the event's commit to its arrival at the receiver: p50/p99), against a raw baseline measured in the same run:
 * plain undici POSTs of the same bodies, signed the same way, as many in flight as the worker delivers at once
 * (WEBHOOK_DELIVERY_CONCURRENCY). Prints the machine's load before and after, and each stage's progress every 10 s.
 * `npm run bench:webhooks` (BENCH_WEBHOOK_EVENTS to change the count, BENCH_POOL_SIZE the PostgreSQL pool).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { request, Agent } from "undici";
import { recreateBenchDatabase } from "./database";
import { pooled, ratio, round, summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "webhooks-fanout.json");
const DB_NAME = process.env.BENCH_DATABASE ?? "loctelli_bench_webhooks";
const REDIS_URL = `redis://127.0.0.1:6379/${process.env.BENCH_REDIS_DB ?? "15"}`;
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000);
/** Events recorded at once (each its own transaction). Deliveries in flight: the worker's own setting (WEBHOOK_DELIVERY_CONCURRENCY). */
const CONFIG = { recordConcurrency: 8, timeoutMs: 10 * 60_000 } as const;

const log = (msg: string) => console.log(`[bench:webhooks] ${msg}`);
const load = () => os.loadavg().map((n) => round(n, 2));

/** The receiver: answers 200 at once, records when each webhook-id first arrived. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  let requests = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests++;
      const id = String(req.headers["webhook-id"] ?? `raw-${requests}`);
      if (!arrivals.has(id)) arrivals.set(id, Date.now());
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, arrivals, requests: () => requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function main() {
  const loadBefore = load();
  const receiver = await startReceiver();
  Object.assign(process.env, {
    // Not "production": the receiver is on loopback, reachable only through the development allow-list, which
    // production refuses (src/env.ts). Nothing on the measured path differs between "test" and "production".
    NODE_ENV: "test",
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`,
    DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? "10",
    REDIS_URL,
    QUEUE_PREFIX: "bench-webhooks",
    LOG_LEVEL: "warn",
    APP_URL: "http://127.0.0.1:8000",
    WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
    JWT_SECRET: randomBytes(48).toString("base64url"),
    JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  const applied = await recreateBenchDatabase(DB_NAME);
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  await redis.quit();
  log(`database ${DB_NAME} recreated (${applied.length} migrations), ${EVENTS} events; load before ${loadBefore.join(" / ")}`);

  const { unsafeDb } = await import("@/server/db/client");
  const { tenantDb } = await import("@/server/db/tenant");
  const { closeQueues } = await import("@/server/jobs/queues");
  const { closeRedis } = await import("@/server/redis/client");
  const { recordEvent, transactionWithEvents } = await import("@/server/events/record-event");
  const { createWebhookEndpoint } = await import("@/server/services/webhooks/manage-endpoints");
  const { webhookBody } = await import("@/server/services/webhooks/webhook-body");
  const { closeWebhookAgents } = await import("@/server/integrations/webhooks/http-delivery");
  const { startWorker } = await import("../worker/start");
  const { logger } = await import("@/server/logger");

  const ws = await unsafeDb.subAccount.create({ data: { name: "Bench webhooks", slug: `bench-webhooks-${Date.now()}` } });
  const ctx = { requestId: "bench", log: logger, ip: "127.0.0.1", userAgent: null, account: null, workspace: { id: ws.id, name: ws.name }, db: tenantDb(ws.id), actingAsAdmin: false };
  const url = `http://127.0.0.1:${receiver.port}/hook`;
  await createWebhookEndpoint(ctx, { url, eventTypes: ["lead.created"] });
  const now = new Date().toISOString();
  const leadOf = (i: number) => ({
    id: i + 1, name: `Bench lead ${i}`, email: `lead${i}@bench.test`, phone: null, company: "Bench Co", position: null, source: "bench",
    customId: null, status: "new", timezone: null, ownerId: null, strategyId: null, archivedAt: null, createdAt: now, updatedAt: now,
  });

  // 1. Raw baseline: the same bodies, signed the same way (Standard Webhooks headers), POSTed straight to the receiver
  // with a plain undici pool, as many in flight as the worker makes deliveries.
  const { getEnv } = await import("@/env");
  const { webhookHeaders, newWebhookSecret } = await import("@/server/integrations/webhooks/signing");
  const deliveryConcurrency = getEnv().WEBHOOK_DELIVERY_CONCURRENCY;
  const rawSecret = newWebhookSecret();
  const agent = new Agent({ connections: deliveryConcurrency });
  const rawStart = performance.now();
  const rawLatencies = await pooled(EVENTS, deliveryConcurrency, async (i) => {
    const body = webhookBody({ type: "lead.created", createdAt: new Date(), data: { lead: leadOf(i) } });
    const headers = webhookHeaders({ webhookId: `raw_${i}`, timestamp: new Date(), body, secrets: [rawSecret] });
    const res = await request(url, { method: "POST", body, headers, dispatcher: agent });
    await res.body.dump();
  });
  const rawSeconds = (performance.now() - rawStart) / 1000;
  await agent.close();
  const raw = { deliveriesPerSecond: round(EVENTS / rawSeconds, 1), seconds: round(rawSeconds, 2), latencyMs: summarize(rawLatencies) };
  log(`raw POSTs: ${raw.deliveriesPerSecond}/s, p99 ${round(raw.latencyMs.p99, 1)} ms`);

  // 2. The product: events recorded, fanned out and delivered by the worker (the product's queue concurrency).
  const { queueConcurrency } = await import("../worker/start");
  const worker = await startWorker({ schedulers: false });
  const before = receiver.arrivals.size;
  const start = Date.now();
  // Where the pipeline stands every 10 s (recorded, fanned out, delivered): which stage a backlog waits in.
  let recorded = 0;
  const progress = setInterval(() => {
    void unsafeDb.domainEvent.count({ where: { subAccountId: ws.id, dispatchedAt: { not: null } } }).then((dispatched) =>
      log(`t+${Math.round((Date.now() - start) / 1000)} s: ${recorded} recorded, ${dispatched} fanned out, ${receiver.arrivals.size - before} delivered; load ${load().join(" / ")}`),
    );
  }, 10_000);
  await pooled(EVENTS, CONFIG.recordConcurrency, async (i) => {
    await transactionWithEvents(tenantDb(ws.id), (tx) => recordEvent(tx, { subAccountId: ws.id, type: "lead.created", data: { lead: leadOf(i) } }));
    recorded++;
  });
  const recordedSeconds = (Date.now() - start) / 1000;
  log(`${EVENTS} events recorded in ${round(recordedSeconds, 1)} s; waiting for deliveries`);
  const deadline = Date.now() + CONFIG.timeoutMs;
  while (receiver.arrivals.size - before < EVENTS) {
    if (Date.now() > deadline) throw new Error(`only ${receiver.arrivals.size - before} of ${EVENTS} delivered in ${CONFIG.timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  clearInterval(progress);
  const end = Math.max(...[...receiver.arrivals.values()]);
  const events = await unsafeDb.domainEvent.findMany({ where: { subAccountId: ws.id }, select: { id: true, createdAt: true } });
  const latencies = events.map((e) => receiver.arrivals.get(`msg_${e.id}`)! - e.createdAt.getTime());
  const seconds = (end - start) / 1000;
  const fanout = { deliveriesPerSecond: round(EVENTS / seconds, 1), seconds: round(seconds, 2), recordedSeconds: round(recordedSeconds, 2), eventToDeliveryMs: summarize(latencies) };
  const deliveries = await unsafeDb.webhookDelivery.groupBy({ by: ["status"], where: { subAccountId: ws.id }, _count: true });
  const loadAfter = load();
  const result = {
    events: EVENTS,
    raw,
    fanout,
    ratios: { deliveriesPerSecond: ratio(fanout.deliveriesPerSecond, raw.deliveriesPerSecond), p99LatencyVsRawPost: ratio(fanout.eventToDeliveryMs.p99, raw.latencyMs.p99) },
    deliveries: Object.fromEntries(deliveries.map((d) => [d.status, d._count])),
    duplicatesReceived: receiver.requests() - EVENTS * 2,
    concurrency: { ...queueConcurrency(), recordEvents: CONFIG.recordConcurrency },
    load: { before: loadBefore, after: loadAfter, cpus: os.cpus().length },
  };
  console.table({
    "raw POST": { "deliveries/s": raw.deliveriesPerSecond, "p50 ms": round(raw.latencyMs.p50, 1), "p99 ms": round(raw.latencyMs.p99, 1) },
    "event -> delivery": { "deliveries/s": fanout.deliveriesPerSecond, "p50 ms": round(fanout.eventToDeliveryMs.p50, 1), "p99 ms": round(fanout.eventToDeliveryMs.p99, 1) },
  });
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2));

  await worker.close();
  await closeWebhookAgents();
  await closeQueues();
  await closeRedis();
  await unsafeDb.$disconnect();
  await receiver.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
