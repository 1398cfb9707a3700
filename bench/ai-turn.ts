/**
 * AI turns at scale (`npm run bench:ai`): 1,000 conversations write at once and real worker processes (`tsx
 * worker/index.ts`, the product's AI_TURN_CONCURRENCY and pool) answer them through a local OpenAI-compatible model in
 * its own process (bench/ai-model-server.ts) that takes 1-2 s per completion, keeping connections alive. Each turn is
 * timed from its job's start (processedOn) to its end (finishedOn, right after the reply is stored); its model time is
 * known (bench/model-latency.ts), so the time outside the model is the rest. Baseline in the same run, in this process
 * while the workers idle: the bare work of a turn with plain `pg` and `fetch` (read the pending messages and the lead,
 * one completion from the same model, the reply stored and the messages marked answered in one transaction), as many
 * in flight as one worker runs, on a pool of the same size. Then two workers (throughput, duplicate turns), and the
 * same with a model that answers at once. See bench/README.md.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { recreateBenchDatabase } from "./database";
import { modelLatencyMs } from "./model-latency";
import { startServer, statusField, type BenchServer } from "./server";
import { ratio, round, summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "ai-turn.json");
const WORKER_LOG = (n: number) => path.join(ROOT, "bench", "results", `ai-turn-worker-${n}.log`);
const MODEL_LOG = path.join(ROOT, "bench", "results", "ai-turn-model.log");
const DB_NAME = process.env.BENCH_DATABASE ?? "loctelli_bench_ai";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const REDIS_URL = `redis://127.0.0.1:6379/${process.env.BENCH_REDIS_DB ?? "11"}`;
const LATENCY = { minMs: 1_000, maxMs: 2_000 };
const CONFIG = {
  conversations: Number(process.env.BENCH_CONVERSATIONS ?? 1_000),
  warmupConversations: 300,
  rounds: Number(process.env.BENCH_ROUNDS ?? 2),
  modelLatencyMs: `${LATENCY.minMs}-${LATENCY.maxMs}`,
  goals: { throughputVsIdeal: 0.8, outsideP50VsRaw: 1.5, twoWorkersVsOne: 1.8 },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: BenchServer[] = [];
const log = (msg: string) => console.log(`[bench:ai-turn] ${msg}`);
const load = () => os.loadavg().map((x) => round(x, 2));

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

const model = await startProcess(
  "bench/ai-model-server.ts",
  { ...process.env, NODE_ENV: "production", MODEL_LATENCY_MS: CONFIG.modelLatencyMs },
  MODEL_LOG,
  /MODEL_BASE_URL=(\S+)/,
);
const modelBaseURL = model.match[1]!;
const modelOrigin = new URL(modelBaseURL).origin;

// Set before any app module reads the environment; the worker processes get the same. The product's defaults for
// AI_TURN_CONCURRENCY and DATABASE_POOL_SIZE unless the caller sets them.
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL,
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

async function main() {
  const loadAtStart = load();
  log(`database ${DB_NAME} recreated (${(await recreateBenchDatabase(DB_NAME)).length} migrations); load ${loadAtStart.join(" ")}`);
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  await redis.quit();

  const { getEnv } = await import("@/env");
  const { unsafeDb } = await import("@/server/db/client");
  const { closeRedis, createBullConnection, redisReady } = await import("@/server/redis/client");
  const { closeQueues, getQueue, queuePrefix } = await import("@/server/jobs/queues");
  const { seedOnboardingWorkspace } = await import("../prisma/seed");
  const { workspaceContextFor } = await import("@/server/context");
  const { receiveLeadMessage } = await import("@/server/services/messages/receive-lead-message");
  const { decryptMessageContent, encryptMessageContent } = await import("@/server/services/messages/message-content");
  const { logger } = await import("@/server/logger");
  const inFlight = getEnv().AI_TURN_CONCURRENCY;
  const poolSize = getEnv().DATABASE_POOL_SIZE;
  log(`${CONFIG.conversations} conversations, model ${CONFIG.modelLatencyMs} ms, ${inFlight} turns in flight per worker (AI_TURN_CONCURRENCY), pool ${poolSize}`);

  await seedOnboardingWorkspace();
  const ws = await unsafeDb.subAccount.create({ data: { name: "Bench AI", slug: `bench-ai-${Date.now()}` } });
  const strategy = await unsafeDb.strategy.create({
    data: { subAccountId: ws.id, name: "Bench", aiName: "Ava", companyBackground: "A dental practice.", bookingInstructions: "Offer two times." },
  });
  await unsafeDb.strategyVersion.create({
    data: { subAccountId: ws.id, strategyId: strategy.id, version: 1, snapshot: { name: "Bench", aiName: "Ava", companyBackground: "A dental practice.", bookingInstructions: "Offer two times." } },
  });
  const makeLeads = async (prefix: string, strategyId: number | null) => {
    await unsafeDb.lead.createMany({
      data: Array.from({ length: CONFIG.conversations }, (_, i) => ({ subAccountId: ws.id, name: `${prefix} ${i}`, timezone: "America/New_York", strategyId })),
    });
    return unsafeDb.lead.findMany({ where: { subAccountId: ws.id, name: { startsWith: `${prefix} ` } }, select: { id: true }, orderBy: { id: "asc" } });
  };
  const engineLeads = await makeLeads("Engine lead", strategy.id);
  const rawLeads = await makeLeads("Raw lead", null);
  const ctx = workspaceContextFor({ requestId: "bench-ai", log: logger, ip: "bench", userAgent: null }, ws);
  await redisReady();

  const aiQueue = getQueue("ai");
  const workers: BenchServer[] = [];
  async function startWorker() {
    const before = await aiQueue.getWorkersCount();
    const n = workers.length + 1;
    // BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", which NODE_OPTIONS refuses) reaches only the
    // workers' node, through tsx.
    const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
    const worker = startServer(ROOT, process.env, WORKER_LOG(n), "worker/index.ts", nodeArgs);
    children.push(worker);
    workers.push(worker);
    // "worker ready" is an info line and the workers log warnings only: readiness is its ai-queue worker in Redis.
    for (const deadline = Date.now() + 60_000; (await aiQueue.getWorkersCount()) <= before; await sleep(100)) {
      if (worker.exited() || Date.now() > deadline) throw new Error(`worker ${n} is not running; see ${WORKER_LOG(n)}`);
    }
  }
  await startWorker();

  const events = new QueueEvents("ai", { connection: createBullConnection(), prefix: queuePrefix() });
  await events.waitUntilReady();
  let onCompleted: ((turn: { leadId: number; processedOn: number; finishedOn: number; replied: boolean }) => void) | null = null;
  events.on("completed", ({ jobId, returnvalue }) => {
    void aiQueue.getJob(jobId).then((job) => {
      const result = (typeof returnvalue === "string" ? JSON.parse(returnvalue) : returnvalue) as { status?: string } | null;
      onCompleted?.({ leadId: job!.data.leadId as number, processedOn: job!.processedOn!, finishedOn: job!.finishedOn!, replied: result?.status === "replied" });
    });
  });

  const text = (tag: string, leadId: number) => `${tag} Hi from lead ${leadId}, can I book a check-up?`;
  const latencyOf = (t: string) => modelLatencyMs(t, LATENCY.minMs, LATENCY.maxMs);

  /** Samples the workers' RSS every 100 ms until stopped; returns the peak sum. */
  function rssSampler() {
    let peakKb = 0;
    const sample = () => {
      peakKb = Math.max(peakKb, workers.reduce((sum, w) => sum + (statusField(w.serverPid() ?? -1, "VmRSS") ?? 0), 0));
    };
    sample();
    const timer = setInterval(sample, 100);
    return () => {
      clearInterval(timer);
      sample();
      return peakKb;
    };
  }
  /** CPU time (user + system) of the worker processes so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
  const workersCpuMs = () =>
    workers.reduce((sum, w) => {
      try {
        const fields = fs.readFileSync(`/proc/${w.serverPid()}/stat`, "utf8").split(") ")[1]!.split(" ");
        return sum + (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return sum;
      }
    }, 0);
  const workersRssKb = () => workers.reduce((sum, w) => sum + (statusField(w.serverPid() ?? -1, "VmRSS") ?? 0), 0);

  /** Turns/s over the steady part of a round: the middle 80% of completions (ramp-up and the tail left out). */
  function steadyRate(finishedAt: number[]) {
    const sorted = [...finishedAt].sort((a, b) => a - b);
    const lo = sorted[Math.floor(sorted.length * 0.1)]!;
    const hi = sorted[Math.floor(sorted.length * 0.9)]!;
    return (Math.floor(sorted.length * 0.9) - Math.floor(sorted.length * 0.1)) / ((hi - lo) / 1000);
  }

  /** Every conversation writes at once (stored while the queue is paused, then released together). */
  async function engineRound(tag: string, leads: { id: number }[]) {
    const turns: { ms: number; outsideMs: number; latencyMs: number; finishedOn: number }[] = [];
    let notReplied = 0;
    const done = new Promise<void>((resolve) => {
      onCompleted = (t) => {
        if (!t.replied) notReplied++;
        const latencyMs = latencyOf(text(tag, t.leadId));
        const ms = t.finishedOn - t.processedOn;
        turns.push({ ms, outsideMs: ms - latencyMs, latencyMs, finishedOn: t.finishedOn });
        if (turns.length === leads.length) resolve();
      };
    });
    await aiQueue.pause();
    for (let i = 0; i < leads.length; i += 100) {
      await Promise.all(leads.slice(i, i + 100).map((lead) => receiveLeadMessage(ctx, { leadId: lead.id, channel: "web", content: text(tag, lead.id) })));
    }
    const rssBeforeKb = workersRssKb();
    const stopRss = rssSampler();
    const cpuBefore = workersCpuMs();
    const started = Date.now();
    await aiQueue.resume();
    await done;
    const wallMs = Date.now() - started;
    const cpuMsPerTurn = (workersCpuMs() - cpuBefore) / leads.length;
    const peakRssKb = stopRss();
    if (notReplied) throw new Error(`${notReplied} turns did not reply`);
    return {
      turns,
      wallMs,
      turnsPerSecond: leads.length / (wallMs / 1000),
      steadyTurnsPerSecond: steadyRate(turns.map((t) => t.finishedOn)),
      meanLatencyMs: turns.reduce((s, t) => s + t.latencyMs, 0) / turns.length,
      rssBeforeKb,
      peakRssKb,
      cpuMsPerTurn,
    };
  }

  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: poolSize });
  const modelUrl = `${modelBaseURL}/chat/completions`;
  async function rawTurn(leadId: number) {
    const t0 = performance.now();
    const pending = await pool.query<{ id: string; content: string }>(
      `SELECT id, content FROM "Message" WHERE "subAccountId" = $1 AND "leadId" = $2 AND role = 'lead' AND status = 'pending' ORDER BY id`,
      [ws.id, leadId],
    );
    const lead = await pool.query(`SELECT id, name, timezone, "conversationState" FROM "Lead" WHERE "subAccountId" = $1 AND id = $2`, [ws.id, leadId]);
    const said = pending.rows.map((r) => decryptMessageContent({ subAccountId: ws.id, leadId, content: r.content }));
    const response = await fetch(modelUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-bench" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "system", content: `You talk to ${lead.rows[0].name}` }, ...said.map((content) => ({ role: "user", content }))] }),
    });
    const completion = (await response.json()) as { choices: { message: { content: string } }[] };
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO "Message" ("subAccountId", "leadId", role, channel, content, status, "promptTokens", "completionTokens") VALUES ($1, $2, 'assistant', 'web', $3, 'sent', 500, 12)`,
        [ws.id, leadId, encryptMessageContent(ws.id, leadId, completion.choices[0]!.message.content)],
      );
      await client.query(`UPDATE "Message" SET status = 'received' WHERE "subAccountId" = $1 AND id = ANY($2::bigint[])`, [ws.id, pending.rows.map((r) => r.id)]);
      await client.query(`UPDATE "Lead" SET "lastMessageAt" = now() WHERE "subAccountId" = $1 AND id = $2`, [ws.id, leadId]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    return { ms: performance.now() - t0, latencyMs: latencyOf(said.at(-1)!) };
  }
  async function rawRound(tag: string) {
    await unsafeDb.message.createMany({
      data: rawLeads.map((lead) => ({ subAccountId: ws.id, leadId: lead.id, role: "lead" as const, channel: "web" as const, status: "pending" as const, content: encryptMessageContent(ws.id, lead.id, text(tag, lead.id)) })),
    });
    const started = Date.now();
    const cpuBefore = process.cpuUsage();
    const turns: { ms: number; outsideMs: number; latencyMs: number; finishedOn: number }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < rawLeads.length) {
          const t = await rawTurn(rawLeads[next++]!.id);
          turns.push({ ...t, outsideMs: t.ms - t.latencyMs, finishedOn: Date.now() });
        }
      }),
    );
    const wallMs = Date.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      turns,
      wallMs,
      cpuMsPerTurn: (cpu.user + cpu.system) / 1000 / rawLeads.length,
      turnsPerSecond: rawLeads.length / (wallMs / 1000),
      steadyTurnsPerSecond: steadyRate(turns.map((t) => t.finishedOn)),
      meanLatencyMs: turns.reduce((s, t) => s + t.latencyMs, 0) / turns.length,
    };
  }

  type Round = Awaited<ReturnType<typeof rawRound>> & { rssBeforeKb?: number; peakRssKb?: number };
  const describe = (rounds: Round[], workerCount: number) => {
    const turns = rounds.flatMap((r) => r.turns);
    const meanLatencyMs = rounds.reduce((s, r) => s + r.meanLatencyMs, 0) / rounds.length;
    // A model answering at once has no ideal: the engine's own cost is all there is.
    const ideal = meanLatencyMs > 0 ? (workerCount * inFlight) / (meanLatencyMs / 1000) : Number.NaN;
    const steady = rounds.reduce((s, r) => s + r.steadyTurnsPerSecond, 0) / rounds.length;
    const whole = rounds.reduce((s, r) => s + r.turnsPerSecond, 0) / rounds.length;
    return {
      turns: turns.length,
      turnP50Ms: round(summarize(turns.map((t) => t.ms)).p50, 1),
      outsideP50Ms: round(summarize(turns.map((t) => t.outsideMs)).p50, 1),
      outsideP99Ms: round(summarize(turns.map((t) => t.outsideMs)).p99, 1),
      steadyTurnsPerSecond: round(steady, 1),
      roundTurnsPerSecond: round(whole, 1),
      idealTurnsPerSecond: round(ideal, 1),
      steadyVsIdeal: ratio(steady, ideal),
      cpuMsPerTurn: round(rounds.reduce((s, r) => s + r.cpuMsPerTurn, 0) / rounds.length, 2),
      roundVsIdeal: ratio(whole, ideal),
    };
  };

  /** Every engine lead answered exactly once since `since`, and the model asked once per message. */
  async function duplicates(since: Date, expected: number) {
    const rows = await unsafeDb.$queryRawUnsafe<{ leadId: number; n: bigint }[]>(
      `SELECT "leadId", count(*) AS n FROM "Message" WHERE "subAccountId" = $1 AND role = 'assistant' AND "createdAt" >= $2::timestamp GROUP BY "leadId"`,
      ws.id,
      since.toISOString(),
    );
    const stats = (await (await fetch(`${modelOrigin}/stats`)).json()) as { completions: number; duplicates: number; peakInFlight: number };
    return {
      leadsAnswered: rows.length,
      leadsAnsweredTwice: rows.filter((r) => Number(r.n) > 1).length,
      expected,
      modelCompletions: stats.completions,
      modelDuplicateCompletions: stats.duplicates,
      modelPeakInFlight: stats.peakInFlight,
    };
  }
  const resetModelStats = () => fetch(`${modelOrigin}/reset`, { method: "POST" });

  // Warm-up of both sides (compiled code paths, pooled connections, kept-alive model sockets).
  await engineRound("warmup", engineLeads.slice(0, CONFIG.warmupConversations));
  await rawRound("warmup");
  log(`warmed up; load ${load().join(" ")}`);

  // 1. One worker against the raw baseline, 1-2 s model, rounds alternating.
  const oneWorker: Round[] = [];
  const raw: Round[] = [];
  let oneWorkerIdleRssKb = Infinity;
  let oneWorkerPeakRssKb = 0;
  await resetModelStats();
  for (let r = 0; r < CONFIG.rounds; r++) {
    const e = await engineRound(`one-${r}`, engineLeads);
    oneWorker.push(e);
    oneWorkerIdleRssKb = Math.min(oneWorkerIdleRssKb, e.rssBeforeKb);
    oneWorkerPeakRssKb = Math.max(oneWorkerPeakRssKb, e.peakRssKb);
    const b = await rawRound(`raw-${r}`);
    raw.push(b);
    log(`round ${r + 1}/${CONFIG.rounds}: one worker ${round(e.steadyTurnsPerSecond, 1)} turns/s (outside p50 ${round(summarize(e.turns.map((t) => t.outsideMs)).p50, 1)} ms), raw ${round(b.steadyTurnsPerSecond, 1)} turns/s (outside p50 ${round(summarize(b.turns.map((t) => t.outsideMs)).p50, 1)} ms); load ${load().join(" ")}`);
  }
  const oneWorkerModel = (await (await fetch(`${modelOrigin}/stats`)).json()) as { peakInFlight: number };

  // 2. Model answering at once: the engine's own cost, per turn and in turns/s (the earlier bench's table).
  const instantEngine: Round[] = [];
  const instantRaw: Round[] = [];
  await engineRound("[instant] warmup", engineLeads.slice(0, CONFIG.warmupConversations));
  for (let r = 0; r < CONFIG.rounds; r++) {
    instantEngine.push(await engineRound(`[instant] one-${r}`, engineLeads));
    instantRaw.push(await rawRound(`[instant] raw-${r}`));
    log(`instant round ${r + 1}/${CONFIG.rounds}; load ${load().join(" ")}`);
  }

  // 3. Two workers on the same queue, 1-2 s model.
  await startWorker();
  await engineRound("two-warmup", engineLeads.slice(0, CONFIG.warmupConversations));
  const twoWorkers: Round[] = [];
  const checks: Awaited<ReturnType<typeof duplicates>>[] = [];
  for (let r = 0; r < CONFIG.rounds; r++) {
    await resetModelStats();
    const since = new Date(Date.now() - 1);
    const e = await engineRound(`two-${r}`, engineLeads);
    twoWorkers.push(e);
    checks.push(await duplicates(since, CONFIG.conversations));
    log(`two workers, round ${r + 1}/${CONFIG.rounds}: ${round(e.steadyTurnsPerSecond, 1)} turns/s, ${JSON.stringify(checks.at(-1))}; load ${load().join(" ")}`);
  }
  const twoWorkerCheck = {
    rounds: checks.length,
    leadsAnsweredPerRound: checks.map((c) => c.leadsAnswered),
    leadsAnsweredTwice: checks.reduce((s, c) => s + c.leadsAnsweredTwice, 0),
    modelDuplicateCompletions: checks.reduce((s, c) => s + c.modelDuplicateCompletions, 0),
    modelPeakInFlight: Math.max(...checks.map((c) => c.modelPeakInFlight)),
  };

  const one = describe(oneWorker, 1);
  const base = describe(raw, 1);
  const two = describe(twoWorkers, 2);
  const instantOne = describe(instantEngine, 1);
  const instantBase = describe(instantRaw, 1);
  const rssPerTurnKb = (oneWorkerPeakRssKb - oneWorkerIdleRssKb) / Math.min(inFlight, CONFIG.conversations);
  const result = {
    config: { ...CONFIG, inFlightPerWorker: inFlight, poolSize },
    load: { start: loadAtStart, end: load() },
    cpus: os.cpus().length,
    realModel: {
      oneWorker: one,
      raw: base,
      twoWorkers: two,
      outsideP50VsRaw: ratio(one.outsideP50Ms, base.outsideP50Ms),
      twoWorkersVsOne: ratio(two.steadyTurnsPerSecond, one.steadyTurnsPerSecond),
      modelPeakInFlightOneWorker: oneWorkerModel.peakInFlight,
      duplicates: twoWorkerCheck,
      workerRss: {
        idleMb: round(oneWorkerIdleRssKb / 1024, 1),
        peakMb: round(oneWorkerPeakRssKb / 1024, 1),
        perInFlightTurnKb: round(rssPerTurnKb, 1),
      },
    },
    instantModel: { oneWorker: instantOne, raw: instantBase, turnP50VsRaw: ratio(instantOne.turnP50Ms, instantBase.turnP50Ms), throughputVsRaw: ratio(instantOne.roundTurnsPerSecond, instantBase.roundTurnsPerSecond) },
    goals: {
      oneWorkerVsIdeal: { goal: CONFIG.goals.throughputVsIdeal, measured: one.steadyVsIdeal, met: one.steadyVsIdeal >= CONFIG.goals.throughputVsIdeal },
      outsideP50VsRaw: { goal: CONFIG.goals.outsideP50VsRaw, measured: ratio(one.outsideP50Ms, base.outsideP50Ms), met: one.outsideP50Ms / base.outsideP50Ms <= CONFIG.goals.outsideP50VsRaw },
      twoWorkersVsOne: {
        goal: CONFIG.goals.twoWorkersVsOne,
        measured: ratio(two.steadyTurnsPerSecond, one.steadyTurnsPerSecond),
        met: two.steadyTurnsPerSecond / one.steadyTurnsPerSecond >= CONFIG.goals.twoWorkersVsOne,
      },
      noDuplicateTurns: {
        met:
          twoWorkerCheck.leadsAnsweredTwice === 0 &&
          twoWorkerCheck.modelDuplicateCompletions === 0 &&
          twoWorkerCheck.leadsAnsweredPerRound.every((n) => n === CONFIG.conversations),
      },
    },
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2));
  const row = (d: ReturnType<typeof describe>) => ({
    "turns/s (steady)": d.steadyTurnsPerSecond,
    "ideal turns/s": d.idealTurnsPerSecond,
    "vs ideal": d.steadyVsIdeal,
    "turns/s (whole round)": d.roundTurnsPerSecond,
    "turn p50 ms": d.turnP50Ms,
    "outside model p50 ms": d.outsideP50Ms,
    "outside p99 ms": d.outsideP99Ms,
    "CPU ms/turn": d.cpuMsPerTurn,
  });
  console.log(`\nModel 1-2 s, ${CONFIG.conversations} conversations at once, ${inFlight} turns in flight per worker, pool ${poolSize}:`);
  console.table({ "one worker": row(one), "raw pg + fetch": row(base), "two workers": row(two) });
  console.log(
    `worker RSS idle ${result.realModel.workerRss.idleMb} MB, peak ${result.realModel.workerRss.peakMb} MB, ${result.realModel.workerRss.perInFlightTurnKb} KB per in-flight turn; ` +
      `model saw at most ${oneWorkerModel.peakInFlight} completions at once (one worker)`,
  );
  console.log(`two workers: ${JSON.stringify(twoWorkerCheck)}`);
  console.log(`\nModel answering at once, ${CONFIG.conversations} conversations, ${inFlight} in flight:`);
  console.table({ engine: row(instantOne), "raw pg + fetch": row(instantBase) });
  for (const [name, goal] of Object.entries(result.goals)) log(`${name}: ${"measured" in goal ? `${goal.measured} (goal ${goal.goal}) ` : ""}${goal.met ? "met" : "NOT met"}`);
  log(`load ${result.load.start.join(" ")} -> ${result.load.end.join(" ")} on ${result.cpus} CPUs`);

  await events.close();
  await Promise.all(children.map((c) => c.stop()));
  for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => {});
  await closeQueues();
  await closeRedis();
  await pool.end();
  await unsafeDb.$disconnect();
}

const watchdog = setTimeout(() => {
  console.error("[bench:ai-turn] watchdog: took longer than 12 minutes");
  void Promise.all(children.map((c) => c.stop())).finally(() => process.exit(1));
}, 12 * 60_000);
watchdog.unref();

main().then(
  () => process.exit(0),
  async (e: unknown) => {
    console.error(e);
    await Promise.all(children.map((c) => c.stop()));
    process.exit(1);
  },
);
