/**
 * AI turn bench: the engine's overhead outside the model. 100 conversations write at once; a local
 * OpenAI-compatible server (its own process, bench/ai-model-server.ts) answers every completion at once; each turn
 * runs in the real worker process (`tsx worker/index.ts`: BullMQ, ai queue, the product's concurrency of 10) and is
 * timed from the job's start (processedOn) to its end (finishedOn, right after the reply is stored). Baseline in the
 * same run, in this process while the worker idles: the bare work of a turn with plain `pg` and `fetch` (read the
 * pending messages and the lead, one completion request to the same model server, insert the reply and mark the
 * messages answered in one transaction), 10 in flight on a pool of the same size. See bench/README.md.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { recreateBenchDatabase } from "./database";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { startServer, type BenchServer } from "./server";
import { ratio, round, summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "ai-turn.json");
const WORKER_LOG = path.join(ROOT, "bench", "results", "ai-turn-worker.log");
const MODEL_LOG = path.join(ROOT, "bench", "results", "ai-turn-model.log");
const DB_NAME = "loctelli_bench_ai";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const REDIS_URL = "redis://127.0.0.1:6379/11";
// 100 conversations write at once; the worker runs them with the product's ai-queue concurrency (QUEUE_CONCURRENCY.ai),
// and the raw side keeps the same number of turns in flight.
const CONFIG = { conversations: 100, inFlight: 10, warmupRounds: 1, rounds: 5, sequentialTurns: 100, poolSize: 20, goalP50Ms: 30 } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: BenchServer[] = [];

/** Starts `script` in its own process and waits until its log matches `ready`. */
async function startProcess(script: string, env: NodeJS.ProcessEnv, logFile: string, ready: RegExp): Promise<{ child: BenchServer; match: RegExpMatchArray }> {
  const child = startServer(ROOT, env, logFile, script);
  children.push(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = fs.readFileSync(logFile, "utf8").match(ready);
    if (match) return { child, match };
    if (child.exited()) throw new Error(`${script} exited at start; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`${script} was not ready after 60 s; see ${logFile}`);
    await sleep(100);
  }
}

const model = await startProcess("bench/ai-model-server.ts", { ...process.env, NODE_ENV: "production" }, MODEL_LOG, /MODEL_BASE_URL=(\S+)/);
const modelBaseURL = model.match[1]!;

// Set before any app module reads the environment; the worker process gets the same.
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL,
  DATABASE_POOL_SIZE: String(CONFIG.poolSize),
  REDIS_URL,
  LOG_LEVEL: "warn",
  QUEUE_PREFIX: `bench-ai-${randomUUID().slice(0, 8)}`,
  OPENAI_API_KEY: "sk-bench",
  OPENAI_BASE_URL: modelBaseURL,
  RUN_MIGRATIONS_ON_START: "false",
  OPENAI_MAX_RETRIES: "0",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:ai-turn] ${msg}`);

async function main() {
  log(`database ${DB_NAME} recreated (${(await recreateBenchDatabase(DB_NAME)).length} migrations)`);
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  await redis.quit();

  const { unsafeDb } = await import("@/server/db/client");
  const { closeRedis, createBullConnection, redisReady } = await import("@/server/redis/client");
  const { closeQueues, getQueue, queuePrefix } = await import("@/server/jobs/queues");
  const { seedOnboardingWorkspace } = await import("../prisma/seed");
  const { workspaceContextFor } = await import("@/server/context");
  const { receiveLeadMessage } = await import("@/server/services/messages/receive-lead-message");
  const { encryptMessageContent } = await import("@/server/services/messages/message-content");
  const { logger } = await import("@/server/logger");
  const { QUEUE_CONCURRENCY } = await import("../worker/start");

  await seedOnboardingWorkspace();
  const ws = await unsafeDb.subAccount.create({ data: { name: "Bench AI", slug: `bench-ai-${Date.now()}` } });
  const strategy = await unsafeDb.strategy.create({
    data: { subAccountId: ws.id, name: "Bench", aiName: "Ava", companyBackground: "A dental practice.", bookingInstructions: "Offer two times." },
  });
  await unsafeDb.strategyVersion.create({
    data: { subAccountId: ws.id, strategyId: strategy.id, version: 1, snapshot: { name: "Bench", aiName: "Ava", companyBackground: "A dental practice.", bookingInstructions: "Offer two times." } },
  });
  const makeLeads = (prefix: string, strategyId: number | null) =>
    Promise.all(
      Array.from({ length: CONFIG.conversations }, (_, i) =>
        unsafeDb.lead.create({ data: { subAccountId: ws.id, name: `${prefix} ${i}`, timezone: "America/New_York", strategyId }, select: { id: true } }),
      ),
    );
  const engineLeads = await makeLeads("Engine lead", strategy.id);
  const rawLeads = await makeLeads("Raw lead", null);
  const ctx = workspaceContextFor({ requestId: "bench-ai", log: logger, ip: "bench", userAgent: null }, ws);

  await redisReady();
  if (QUEUE_CONCURRENCY.ai !== CONFIG.inFlight) throw new Error(`CONFIG.inFlight must follow QUEUE_CONCURRENCY.ai (${QUEUE_CONCURRENCY.ai})`);
  // The worker logs only warnings, as before this bench ran it in its own process; "worker ready" is an info line, so
  // readiness is its ai-queue worker showing up in Redis.
  const aiQueue = getQueue("ai");
  // BENCH_WORKER_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") reaches only the worker.
  const workerNodeOptions = process.env.BENCH_WORKER_NODE_OPTIONS;
  const worker = startServer(ROOT, { ...process.env, ...(workerNodeOptions ? { NODE_OPTIONS: workerNodeOptions } : {}) }, WORKER_LOG, "worker/index.ts");
  children.push(worker);
  for (const deadline = Date.now() + 60_000; (await aiQueue.getWorkersCount()) === 0; await sleep(100)) {
    if (worker.exited() || Date.now() > deadline) throw new Error(`the worker is not running; see ${WORKER_LOG}`);
  }
  const workerPid = worker.serverPid();
  const events = new QueueEvents("ai", { connection: createBullConnection(), prefix: queuePrefix() });
  await events.waitUntilReady();
  let onCompleted: ((ms: number, replied: boolean) => void) | null = null;
  events.on("completed", ({ jobId, returnvalue }) => {
    void aiQueue.getJob(jobId).then((job) => {
      const result = (typeof returnvalue === "string" ? JSON.parse(returnvalue) : returnvalue) as { status?: string } | null;
      onCompleted?.(job!.finishedOn! - job!.processedOn!, result?.status === "replied");
    });
  });

  /** One round: every conversation writes at once; resolves with each turn's duration once all have replied. */
  async function engineRound(round: number) {
    const durations: number[] = [];
    let notReplied = 0;
    const done = new Promise<void>((resolve) => {
      onCompleted = (ms, replied) => {
        if (!replied) notReplied++;
        durations.push(ms);
        if (durations.length === CONFIG.conversations) resolve();
      };
    });
    // The 100 messages are stored and their turns queued while the queue is paused, then all are released at once:
    // 100 conversations waiting together, without the bench's own burst of writes competing with the first turns.
    await aiQueue.pause();
    await Promise.all(engineLeads.map((lead) => receiveLeadMessage(ctx, { leadId: lead.id, channel: "web", content: `Hi, round ${round}, can I book?` })));
    const started = performance.now();
    await aiQueue.resume();
    await done;
    const wallMs = performance.now() - started;
    if (notReplied) throw new Error(`${notReplied} turns did not reply`);
    return { durations, wallMs };
  }

  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: CONFIG.poolSize });
  const modelUrl = `${modelBaseURL}/chat/completions`;
  async function rawTurn(leadId: number): Promise<number> {
    const t0 = performance.now();
    const pending = await pool.query(`SELECT id, content FROM "Message" WHERE "subAccountId" = $1 AND "leadId" = $2 AND role = 'lead' AND status = 'pending' ORDER BY id`, [ws.id, leadId]);
    const lead = await pool.query(`SELECT id, name, timezone, "conversationState" FROM "Lead" WHERE "subAccountId" = $1 AND id = $2`, [ws.id, leadId]);
    const response = await fetch(modelUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-bench" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "system", content: `You talk to ${lead.rows[0].name}` }, ...pending.rows.map((r: { content: string }) => ({ role: "user", content: r.content }))] }),
    });
    const completion = (await response.json()) as { choices: { message: { content: string } }[] };
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO "Message" ("subAccountId", "leadId", role, channel, content, status, "promptTokens", "completionTokens") VALUES ($1, $2, 'assistant', 'web', $3, 'sent', 500, 12)`,
        [ws.id, leadId, completion.choices[0]!.message.content],
      );
      await client.query(`UPDATE "Message" SET status = 'received' WHERE "subAccountId" = $1 AND id = ANY($2::bigint[])`, [ws.id, pending.rows.map((r: { id: string }) => r.id)]);
      await client.query(`UPDATE "Lead" SET "lastMessageAt" = now() WHERE "subAccountId" = $1 AND id = $2`, [ws.id, leadId]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    return performance.now() - t0;
  }
  async function rawRound(round: number) {
    await unsafeDb.message.createMany({
      data: rawLeads.map((lead) => ({ subAccountId: ws.id, leadId: lead.id, role: "lead" as const, channel: "web" as const, status: "pending" as const, content: encryptMessageContent(ws.id, lead.id, `Hi, round ${round}, can I book?`) })),
    });
    const started = performance.now();
    const durations: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONFIG.inFlight }, async () => {
        while (next < rawLeads.length) durations.push(await rawTurn(rawLeads[next++]!.id));
      }),
    );
    return { durations, wallMs: performance.now() - started };
  }

  for (let r = 0; r < CONFIG.warmupRounds; r++) {
    await engineRound(-1 - r);
    await rawRound(-1 - r);
  }
  const engine: number[] = [];
  const raw: number[] = [];
  let engineWall = 0;
  let rawWall = 0;
  // Alternating rounds so background load falls on both sides alike.
  for (let r = 0; r < CONFIG.rounds; r++) {
    const e = await engineRound(r);
    const b = await rawRound(r);
    engine.push(...e.durations);
    raw.push(...b.durations);
    engineWall += e.wallMs;
    rawWall += b.wallMs;
    log(`round ${r + 1}/${CONFIG.rounds}: engine p50 ${round(summarize(e.durations).p50, 1)} ms, raw p50 ${round(summarize(b.durations).p50, 1)} ms`);
  }
  // One conversation at a time: the overhead of a turn without queueing behind 99 others.
  const engineAlone: number[] = [];
  const rawAlone: number[] = [];
  for (let i = 0; i < CONFIG.sequentialTurns; i++) {
    const lead = engineLeads[i % engineLeads.length]!;
    const done = new Promise<number>((resolve) => {
      onCompleted = (ms) => resolve(ms);
    });
    await receiveLeadMessage(ctx, { leadId: lead.id, channel: "web", content: `Alone ${i}` });
    engineAlone.push(await done);
    const rawLead = rawLeads[i % rawLeads.length]!;
    await unsafeDb.message.create({
      data: { subAccountId: ws.id, leadId: rawLead.id, role: "lead", channel: "web", status: "pending", content: encryptMessageContent(ws.id, rawLead.id, `Alone ${i}`) },
    });
    rawAlone.push(await rawTurn(rawLead.id));
  }
  const turns = CONFIG.rounds * CONFIG.conversations;
  const engineSummary = summarize(engine);
  const rawSummary = summarize(raw);
  const result = {
    config: CONFIG,
    loadAverage: (await import("node:os")).loadavg().map((x) => round(x, 2)),
    engine: { ...mapRound(engineSummary), turnsPerSecond: round(turns / (engineWall / 1000), 1) },
    raw: { ...mapRound(rawSummary), turnsPerSecond: round(turns / (rawWall / 1000), 1) },
    ratios: { p50: ratio(engineSummary.p50, rawSummary.p50), p99: ratio(engineSummary.p99, rawSummary.p99), throughput: ratio(turns / engineWall, turns / rawWall) },
    oneAtATime: { engine: mapRound(summarize(engineAlone)), raw: mapRound(summarize(rawAlone)), p50Ratio: ratio(summarize(engineAlone).p50, summarize(rawAlone).p50) },
    goal: { p50Ms: CONFIG.goalP50Ms, met: engineSummary.p50 <= CONFIG.goalP50Ms },
    workerPeakRssMb: round((worker.peakRssKb() ?? 0) / 1024, 1),
    workerPid,
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2));
  console.table({ engine: result.engine, raw: result.raw, "engine, one at a time": result.oneAtATime.engine, "raw, one at a time": result.oneAtATime.raw });
  log(`ratios engine/raw: ${JSON.stringify(result.ratios)}; goal p50 <= ${CONFIG.goalP50Ms} ms: ${result.goal.met ? "met" : "NOT met"}; load ${result.loadAverage.join(" ")}`);

  await events.close();
  await Promise.all(children.map((c) => c.stop()));
  for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => {});
  await closeQueues();
  await closeRedis();
  await pool.end();
  await unsafeDb.$disconnect();
}

function mapRound(s: ReturnType<typeof summarize>) {
  return { n: s.n, p50: round(s.p50, 2), p90: round(s.p90, 2), p99: round(s.p99, 2), mean: round(s.mean, 2) };
}

const watchdog = setTimeout(() => {
  console.error("[bench:ai-turn] watchdog: took longer than 5 minutes");
  void Promise.all(children.map((c) => c.stop())).finally(() => process.exit(1));
}, 5 * 60_000);
watchdog.unref();

main().then(
  () => process.exit(0),
  async (e: unknown) => {
    console.error(e);
    await Promise.all(children.map((c) => c.stop()));
    process.exit(1);
  },
);
