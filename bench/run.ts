// `npm run bench`: measures the app against raw baselines taken in the same run (see bench/README.md).
//  1. auth.me over tRPC with a real session cookie vs a plain route handler answering the same bytes;
//  2. sign-in latency under 8 concurrent sign-ins vs bcryptjs cost-12 compares alone (in-process);
//  plus the server's peak RSS. Self-contained: own database (loctelli_bench, dropped and recreated),
//  Redis db 3 (flushed), random secrets, the built app on 127.0.0.1:8200. Never part of the test run.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { recreateBenchDatabase } from "./database";
import { Redis } from "ioredis";
import bcrypt from "bcryptjs";
import { BCRYPT_COST } from "@/server/auth/password";
import { closedLoop, pooled, ratio, round, summarize, type ClosedLoopResult, type Summary } from "./stats";
import { startServer, type BenchServer } from "./server";
import { fetchCsrf, meDuringSignIns, signIn, type CsrfPair } from "./auth";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_DIR = path.join(ROOT, "bench", "results");
// BENCH_PORT / BENCH_DATABASE / BENCH_REDIS_DB let two checkouts on one machine bench side by side.
const PORT = Number(process.env.BENCH_PORT ?? 8200);
const BASE = `http://127.0.0.1:${PORT}`;
const DB_NAME = process.env.BENCH_DATABASE ?? "loctelli_bench";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const REDIS_URL = `redis://127.0.0.1:6379/${process.env.BENCH_REDIS_DB ?? 3}`;
const DEMO_EMAIL = "demo@loctelli.local";

const CONFIG = {
  sequential: { warmup: 300, requests: 2000, block: 200 },
  throughput: { concurrency: 8, seconds: 5, warmupSeconds: 1, maxRequestsPerPhase: 200_000 },
  signIn: { total: 64, concurrency: 8 },
  bcrypt: { total: 64, concurrency: 8, sequential: 4, cost: BCRYPT_COST },
  // auth.me from one client, alone and while 8 sign-ins are in flight (ABBA halves of `seconds`).
  meDuringSignIns: { concurrency: 8, seconds: 16, csrfPairs: 240 },
  // The whole run is stopped (server included) if it takes longer than this.
  watchdogMs: 6 * 60_000,
} as const;

const log = (msg: string) => console.log(`[bench] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (kb: number | null) => (kb === null ? null : round(kb / 1024, 1));

// The environment as it was before anything here (or a module's `dotenv/config`) touched it.
const baseEnv: NodeJS.ProcessEnv = { ...process.env };

const secret = () => randomBytes(48).toString("base64url");
const password = () => `${randomBytes(12).toString("base64url")}-Aa1`;
const demoPassword = password();

/** What the app server (and the seed, in this process) run with. Empty strings shadow values from .env. */
const appEnv: Record<string, string> = {
  NODE_ENV: "production",
  PORT: String(PORT),
  HOSTNAME_BIND: "127.0.0.1",
  APP_URL: BASE,
  NEXTAUTH_URL: BASE,
  DATABASE_URL,
  DATABASE_POOL_SIZE: "10",
  REDIS_URL,
  REDIS_PASSWORD: "",
  UPSTASH_REDIS_REST_URL: "",
  UPSTASH_REDIS_REST_TOKEN: "",
  CORS_ORIGINS: "",
  LOG_LEVEL: "info",
  TRUST_PROXY_HOPS: "1",
  BENCH_ROUTES: "1",
  RUN_MIGRATIONS_ON_START: "false",
  NEXT_TELEMETRY_DISABLED: "1",
  JWT_SECRET: secret(),
  JWT_REFRESH_SECRET: secret(),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  DEFAULT_ADMIN_PASSWORD: password(),
  DEMO_USER_PASSWORD: demoPassword,
  SEED_DEMO_WORKSPACE: "true",
  QUEUE_PREFIX: "loctelli-bench",
};

// ---------------------------------------------------------------------------------------------------

async function ensureBuild(): Promise<{ built: boolean; buildId: string }> {
  const buildIdFile = path.join(ROOT, ".next", "BUILD_ID");
  const echoRoute = path.join(ROOT, ".next", "server", "app", "api", "bench", "echo", "route.js");
  if (!fs.existsSync(buildIdFile) || !fs.existsSync(echoRoute)) {
    const logFile = path.join(RESULTS_DIR, "build.log");
    log(`no build (or one without the bench route): running \`npm run build\` (log: ${path.relative(ROOT, logFile)})`);
    const fd = fs.openSync(logFile, "w");
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn("npm", ["run", "build"], { cwd: ROOT, env: { ...baseEnv, ...appEnv }, stdio: ["ignore", fd, fd] });
      child.once("exit", resolve);
    });
    fs.closeSync(fd);
    if (code !== 0 || !fs.existsSync(echoRoute)) {
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
      throw new Error(`npm run build failed (exit ${code}):\n${tail}`);
    }
    return { built: true, buildId: fs.readFileSync(buildIdFile, "utf8").trim() };
  }
  return { built: false, buildId: fs.readFileSync(buildIdFile, "utf8").trim() };
}

async function prepareDatabase(): Promise<string[]> {
  const applied = await recreateBenchDatabase(DB_NAME);
  // Imported only now: these read the environment set above.
  const { seed } = await import("../prisma/seed");
  const { unsafeDb } = await import("@/server/db/client");
  try {
    await seed();
  } finally {
    await unsafeDb.$disconnect();
  }
  return applied;
}

async function flushRedis() {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

async function waitReady(server: BenchServer, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited()) throw new Error("the app server exited during start (see bench/results/server.log)");
    try {
      const res = await fetch(`${BASE}/status`, { signal: AbortSignal.timeout(2_000) });
      await res.text();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the app server did not answer /status within ${timeoutMs / 1000}s`);
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  expected: string;
}

/** One GET; good when the status is 200 and the body is the expected bytes. */
async function hit(t: Target): Promise<boolean> {
  const res = await fetch(t.url, { headers: t.headers });
  const body = await res.text();
  return res.status === 200 && body === t.expected;
}

async function sequential(t: Target, n: number): Promise<{ samples: number[]; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const ok = await hit(t);
    samples.push(performance.now() - t0);
    if (!ok) errors++;
  }
  return { samples, errors };
}

/** Sequential requests to both targets in alternating blocks, so drift in the machine hits both alike. */
async function sequentialPair(a: Target, b: Target, total: number, block: number) {
  const out = { a: { samples: [] as number[], errors: 0 }, b: { samples: [] as number[], errors: 0 } };
  for (let done = 0, pass = 0; done < total; done += block, pass++) {
    const n = Math.min(block, total - done);
    const order = pass % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const);
    for (const key of order) {
      const r = await sequential(key === "a" ? a : b, n);
      out[key].samples.push(...r.samples);
      out[key].errors += r.errors;
    }
  }
  return out;
}

function mergeLoops(parts: ClosedLoopResult[]): { requests: number; errors: number; seconds: number; rps: number } {
  const requests = parts.reduce((s, p) => s + p.requests, 0);
  const seconds = parts.reduce((s, p) => s + p.seconds, 0);
  return { requests, errors: parts.reduce((s, p) => s + p.errors, 0), seconds: round(seconds, 2), rps: round(requests / seconds, 1) };
}

function scanServerLog(file: string) {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  const flagged: string[] = [];
  let warnings = 0;
  let errors = 0;
  for (const line of lines) {
    let level = 0;
    try {
      const entry = JSON.parse(line) as { level?: number | string };
      level = typeof entry.level === "number" ? entry.level : entry.level === "error" ? 50 : entry.level === "warn" ? 40 : 30;
    } catch {
      level = /error|⨯|exception/i.test(line) ? 50 : /warn/i.test(line) ? 40 : 30;
    }
    if (level >= 50) errors++;
    else if (level >= 40) warnings++;
    if (level >= 40 && flagged.length < 8) flagged.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
  }
  return { lines: lines.length, warnings, errors, samples: flagged };
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0) : "n/a");

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("   ");
      return i === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("   ")}` : line;
    })
    .map((l) => `  ${l}`)
    .join("\n");
}

// ---------------------------------------------------------------------------------------------------

let server: BenchServer | null = null;

function onSignal(signal: NodeJS.Signals) {
  console.error(`\n[bench] ${signal}: stopping the app server`);
  void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
}
process.once("SIGINT", onSignal);
process.once("SIGTERM", onSignal);

// Armed once the build is there: a build on a busy machine alone can take longer than the run.
function armWatchdog() {
  const watchdog = setTimeout(() => {
    console.error(`[bench] still running ${CONFIG.watchdogMs / 60_000} minutes after the build: giving up`);
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  }, CONFIG.watchdogMs);
  watchdog.unref();
}

async function main() {
  const started = Date.now();
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  Object.assign(process.env, appEnv);

  const build = await ensureBuild();
  log(`build ${build.buildId}${build.built ? " (built now)" : ""}`);
  armWatchdog();

  let t0 = Date.now();
  const applied = await prepareDatabase();
  log(`database ${DB_NAME} recreated: ${applied.length} migrations applied, seeded (${Date.now() - t0} ms)`);
  await flushRedis();
  log(`redis ${REDIS_URL} flushed`);

  const serverLog = path.join(RESULTS_DIR, "server.log");
  t0 = Date.now();
  server = startServer(ROOT, { ...baseEnv, ...appEnv }, serverLog);
  await waitReady(server, 90_000);
  const startupMs = Date.now() - t0;
  const rssAfterStartKb = server.rssKb();
  const memory: { after: string; rssMiB: number | null; peakMiB: number | null; loadavg1m: number }[] = [];
  const checkpoint = (after: string) => {
    memory.push({ after, rssMiB: mib(server!.rssKb()), peakMiB: mib(server!.peakRssKb()), loadavg1m: round(os.loadavg()[0]!, 2) });
  };
  checkpoint("start");
  const healthRes = await fetch(`${BASE}/status/health`, { signal: AbortSignal.timeout(10_000) });
  const health = { status: healthRes.status, body: (await healthRes.text()).slice(0, 500) };
  log(`server ready in ${startupMs} ms (launcher pid ${server.launcherPid}, serving pid ${server.serverPid()}); /status/health ${health.status}`);

  // A real session, then the exact bytes auth.me answers with, handed to the plain route.
  const first = await signIn(BASE, await fetchCsrf(BASE, "10.99.0.1"), DEMO_EMAIL, demoPassword);
  if (!first.sessionCookie) throw new Error(`sign-in failed: ${first.error}`);
  const meRes = await fetch(`${BASE}/api/trpc/auth.me`, { headers: { Cookie: first.sessionCookie } });
  const meBody = await meRes.text();
  const me = (JSON.parse(meBody) as { result?: { data?: { json?: { email?: string } } } }).result?.data?.json;
  if (meRes.status !== 200 || me?.email !== DEMO_EMAIL) throw new Error(`auth.me answered ${meRes.status}: ${meBody.slice(0, 300)}`);
  const store = await fetch(`${BASE}/api/bench/echo`, { method: "POST", headers: { "Content-Type": "application/json" }, body: meBody });
  if (store.status !== 204) throw new Error(`POST /api/bench/echo answered ${store.status} (is BENCH_ROUTES=1 reaching the server?)`);
  const echoRes = await fetch(`${BASE}/api/bench/echo`);
  const echoBody = await echoRes.text();
  if (echoBody !== meBody) throw new Error("the echo route does not answer the same bytes as auth.me");
  const bodyBytes = Buffer.byteLength(meBody);
  log(`auth.me body captured (${bodyBytes} bytes), echo route answers the same bytes`);

  const trpc: Target = { name: "tRPC auth.me", url: `${BASE}/api/trpc/auth.me`, headers: { Cookie: first.sessionCookie }, expected: meBody };
  const plain: Target = { name: "plain route", url: `${BASE}/api/bench/echo`, headers: {}, expected: meBody };

  // 1a. Sequential latency.
  const { sequential: seqCfg, throughput: tpCfg } = CONFIG;
  log(`sequential: ${seqCfg.warmup} warm-up + ${seqCfg.requests} measured requests each, alternating blocks of ${seqCfg.block}`);
  await sequentialPair(trpc, plain, seqCfg.warmup, 100);
  const seq = await sequentialPair(trpc, plain, seqCfg.requests, seqCfg.block);
  const seqTrpc = summarize(seq.a.samples);
  const seqPlain = summarize(seq.b.samples);
  checkpoint("sequential");

  // 1b. Throughput, 8 closed-loop clients; order plain, tRPC, tRPC, plain (halves), after a warm-up.
  log(`throughput: ${tpCfg.concurrency} concurrent clients, ${tpCfg.seconds} s per target (ABBA halves) after ${tpCfg.warmupSeconds} s warm-up each`);
  const loop = (t: Target, seconds: number) =>
    closedLoop(() => hit(t), tpCfg.concurrency, seconds * 1000, tpCfg.maxRequestsPerPhase);
  await loop(plain, tpCfg.warmupSeconds);
  await loop(trpc, tpCfg.warmupSeconds);
  const half = tpCfg.seconds / 2;
  const p1 = await loop(plain, half);
  const t1 = await loop(trpc, half);
  const t2 = await loop(trpc, half);
  const p2 = await loop(plain, half);
  const tpPlain = mergeLoops([p1, p2]);
  const tpTrpc = mergeLoops([t1, t2]);
  checkpoint("throughput");
  const loadLatency = (parts: ClosedLoopResult[]) => {
    const s = summarize(parts.flatMap((p) => p.samples));
    return { p50: round(s.p50), p99: round(s.p99) };
  };

  // 2a. Sign-ins: csrf pairs fetched first (untimed), then only the credentials POST is timed.
  const si = CONFIG.signIn;
  log(`sign-in: ${si.total} sign-ins, ${si.concurrency} in flight, one X-Forwarded-For address and csrf cookie each`);
  const pairs: CsrfPair[] = [];
  for (let i = 0; i < si.total; i++) pairs.push(await fetchCsrf(BASE, `10.88.${Math.floor(i / 250)}.${(i % 250) + 1}`));
  const signInFailures: string[] = [];
  const signInBatch = (from: number, count: number) =>
    pooled(count, si.concurrency, async (i) => {
      const r = await signIn(BASE, pairs[from + i]!, DEMO_EMAIL, demoPassword);
      if (!r.sessionCookie) signInFailures.push(`#${from + i} HTTP ${r.status}: ${r.error}`);
    });

  // 2b. Raw baseline: bcryptjs cost-12 compares in this process (the server idles meanwhile), same
  // concurrency. Run in ABBA halves with the sign-ins, so load drift on the machine hits both alike.
  const bc = CONFIG.bcrypt;
  log(`bcrypt baseline: ${bc.sequential} sequential compares, then ${bc.total} compares with ${bc.concurrency} in flight (cost ${bc.cost}), in ABBA halves with the sign-ins`);
  // bcryptjs itself, in this process: the raw cost, whatever the app does to run it.
  const hash = await bcrypt.hash(demoPassword, BCRYPT_COST);
  const compare = async () => {
    if (!(await bcrypt.compare(demoPassword, hash))) throw new Error("bcrypt compare failed");
  };
  const bcryptSingle: number[] = [];
  for (let i = 0; i < bc.sequential; i++) {
    const s = performance.now();
    await compare();
    bcryptSingle.push(performance.now() - s);
  }
  const bcryptHalf = Math.floor(bc.total / 2);
  const signHalf = Math.floor(si.total / 2);
  const bcryptSamples = await pooled(bcryptHalf, bc.concurrency, compare);
  const signInSamples = await signInBatch(0, signHalf);
  signInSamples.push(...(await signInBatch(signHalf, si.total - signHalf)));
  checkpoint("sign-ins");
  const peakRssKb = server.peakRssKb();
  const servingPid = server.serverPid();
  bcryptSamples.push(...(await pooled(bc.total - bcryptHalf, bc.concurrency, compare)));
  const signInStats = summarize(signInSamples);
  const bcryptStats = summarize(bcryptSamples);
  const bcryptSingleStats = summarize(bcryptSingle);
  checkpoint("bcrypt baseline (server idle)");

  // 2c. Does signing in block everyone else? auth.me alone vs while 8 sign-ins are in flight.
  const md = CONFIG.meDuringSignIns;
  log(`auth.me during sign-ins: one client, alone and with ${md.concurrency} sign-ins in flight, ABBA halves of ${md.seconds} s`);
  const burstPairs: CsrfPair[] = [];
  for (let i = 0; i < md.csrfPairs; i++) burstPairs.push(await fetchCsrf(BASE, `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`));
  const during = await meDuringSignIns(BASE, {
    meCookie: first.sessionCookie,
    meBody,
    email: DEMO_EMAIL,
    password: demoPassword,
    concurrency: md.concurrency,
    seconds: md.seconds,
    csrfPool: burstPairs,
  });
  const meQuiet = summarize(during.quiet);
  const meBurst = summarize(during.burst);
  checkpoint("auth.me during sign-ins");

  // Stop the server before reading its log, so everything it wrote is there.
  const finalPeak = server.peakRssKb() ?? peakRssKb;
  await server.stop();
  const logScan = scanServerLog(serverLog);

  const rounded = (s: Summary) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v)])) as unknown as Summary;
  const commit = (() => {
    try {
      return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return null;
    }
  })();
  const busiest = Math.max(loadAtStart[0]!, ...memory.map((m) => m.loadavg1m));
  const notes = [
    ...(busiest > os.cpus().length
      ? [`The machine was busy with other work (1-minute load average up to ${busiest} on ${os.cpus().length} cores): absolute numbers are low and noisy; rerun on a quiet machine for figures to keep.`]
      : []),
    `The machine has ${os.cpus().length} CPU cores; the bench client, the app server, PostgreSQL and Redis share them, so absolute numbers are indicative and ratios are the figures to compare.`,
    `The bcrypt baseline is bcryptjs on the bench's own main thread: ${bc.concurrency} concurrent compares interleave on one core, so each takes about ${bc.concurrency}x a single compare. The app runs its compares in a worker-thread pool (one thread per core but one), so figure 3 shows whether other requests still wait behind them.`,
    "Sign-in latency is the credentials POST only (csrf token and cookie fetched beforehand); each sign-in used its own X-Forwarded-For address (TRUST_PROXY_HOPS=1) so the 5-per-15-minutes per-IP limit never applied.",
    "Both routes of figure 1 pass through the same proxy (CSP nonce, request id) and answer the same bytes; the difference is tRPC, superjson, the session cookie decode and the session lookup in PostgreSQL.",
  ];
  const results = {
    date: new Date().toISOString(),
    commit,
    buildId: build.buildId,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemMiB: Math.round(os.totalmem() / 1024 / 1024),
    loadavgAtStart: loadAtStart,
    config: CONFIG,
    server: {
      command: "tsx scripts/server.ts",
      url: BASE,
      startupMs,
      servingPid,
      rssAfterStartMiB: mib(rssAfterStartKb),
      peakRssMiB: mib(finalPeak),
      memory,
      health,
    },
    trpcVsPlain: {
      bodyBytes,
      sequential: {
        trpc: { ...rounded(seqTrpc), errors: seq.a.errors },
        plain: { ...rounded(seqPlain), errors: seq.b.errors },
        ratio: { p50: ratio(seqTrpc.p50, seqPlain.p50), p99: ratio(seqTrpc.p99, seqPlain.p99) },
      },
      throughput: {
        concurrency: tpCfg.concurrency,
        trpc: { ...tpTrpc, latencyUnderLoad: loadLatency([t1, t2]) },
        plain: { ...tpPlain, latencyUnderLoad: loadLatency([p1, p2]) },
        ratio: { rps: ratio(tpTrpc.rps, tpPlain.rps) },
      },
    },
    signIn: {
      total: si.total,
      concurrency: si.concurrency,
      ok: si.total - signInFailures.length,
      failures: signInFailures.slice(0, 10),
      latency: rounded(signInStats),
      bcrypt: { cost: bc.cost, concurrency: bc.concurrency, latency: rounded(bcryptStats), single: rounded(bcryptSingleStats) },
      ratio: { p50: ratio(signInStats.p50, bcryptStats.p50), p99: ratio(signInStats.p99, bcryptStats.p99) },
    },
    meDuringSignIns: {
      concurrency: md.concurrency,
      quiet: rounded(meQuiet),
      duringSignIns: rounded(meBurst),
      ratio: { p50: ratio(meBurst.p50, meQuiet.p50), p99: ratio(meBurst.p99, meQuiet.p99) },
      signIns: { ...during.signIns, seconds: round(during.signIns.seconds, 2), perSecond: round(during.signIns.perSecond, 2) },
      meErrors: during.meErrors,
    },
    serverLog: { file: path.relative(ROOT, serverLog), ...logScan },
    notes,
    durationS: round((Date.now() - started) / 1000, 1),
  };
  fs.writeFileSync(path.join(RESULTS_DIR, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);

  const tp = results.trpcVsPlain;
  const out = [
    "",
    `Loctelli bench  ${results.date}  commit ${commit ?? "?"}  node ${process.version}  ${results.cpus} CPUs (${results.cpuModel ?? "?"})`,
    `App server: tsx scripts/server.ts, NODE_ENV=production, ${BASE}; ready in ${startupMs} ms; RSS after start ${mib(rssAfterStartKb)} MiB, peak (VmHWM of pid ${servingPid}) ${mib(finalPeak)} MiB`,
    "",
    `1. Authenticated tRPC query (auth.me, session cookie) vs plain route handler, same ${bodyBytes}-byte JSON body`,
    table([
      ["", "tRPC auth.me", "plain route", "tRPC/plain"],
      [`sequential p50 (ms, n=${seqCfg.requests})`, ms(seqTrpc.p50), ms(seqPlain.p50), `${tp.sequential.ratio.p50}x`],
      ["sequential p99 (ms)", ms(seqTrpc.p99), ms(seqPlain.p99), `${tp.sequential.ratio.p99}x`],
      [`throughput, ${tpCfg.concurrency} clients (req/s)`, String(tpTrpc.rps), String(tpPlain.rps), `${tp.throughput.ratio.rps}x`],
      [`  p50 / p99 under load (ms)`, `${ms(tp.throughput.trpc.latencyUnderLoad.p50)} / ${ms(tp.throughput.trpc.latencyUnderLoad.p99)}`, `${ms(tp.throughput.plain.latencyUnderLoad.p50)} / ${ms(tp.throughput.plain.latencyUnderLoad.p99)}`, ""],
      ["  errors (sequential + load)", String(seq.a.errors + tpTrpc.errors), String(seq.b.errors + tpPlain.errors), ""],
    ]),
    "",
    `2. Sign-in (${si.total} sign-ins, ${si.concurrency} in flight) vs bcryptjs cost-${bc.cost} compare alone (in-process, ${bc.concurrency} in flight)`,
    table([
      ["", "sign-in POST", "bcrypt compare", "sign-in/bcrypt"],
      ["p50 (ms)", ms(signInStats.p50), ms(bcryptStats.p50), `${results.signIn.ratio.p50}x`],
      ["p99 (ms)", ms(signInStats.p99), ms(bcryptStats.p99), `${results.signIn.ratio.p99}x`],
      ["succeeded", `${results.signIn.ok}/${si.total}`, `${bc.total}/${bc.total}`, ""],
    ]),
    `  one bcrypt compare alone (sequential, n=${bc.sequential}): p50 ${ms(bcryptSingleStats.p50)} ms`,
    ...(signInFailures.length ? [`  sign-in failures: ${signInFailures.slice(0, 3).join("; ")}`] : []),
    "",
    `3. auth.me (one client, sequential) alone vs while ${md.concurrency} sign-ins are in flight (goal: p99 ratio <= 2)`,
    table([
      ["", "alone", `${md.concurrency} sign-ins in flight`, "during/alone"],
      ["auth.me p50 (ms)", ms(meQuiet.p50), ms(meBurst.p50), `${results.meDuringSignIns.ratio.p50}x`],
      ["auth.me p99 (ms)", ms(meQuiet.p99), ms(meBurst.p99), `${results.meDuringSignIns.ratio.p99}x`],
      ["auth.me requests", String(meQuiet.n), String(meBurst.n), ""],
    ]),
    `  sign-ins: ${during.signIns.completed} in ${round(during.signIns.seconds, 1)} s = ${results.meDuringSignIns.signIns.perSecond}/s (${during.signIns.failed} failed); auth.me errors ${during.meErrors}`,
    "",
    "Server memory (serving node process) and 1-minute load average after each phase",
    table([
      ["after", "RSS MiB", "peak MiB", "load 1m"],
      ...memory.map((m) => [m.after, String(m.rssMiB), String(m.peakMiB), String(m.loadavg1m)]),
    ]),
    "",
    `Server log: ${logScan.lines} lines, ${logScan.warnings} warnings, ${logScan.errors} errors (${results.serverLog.file})`,
    ...logScan.samples.slice(0, 5).map((l) => `  ${l}`),
    "",
    "Notes:",
    ...notes.map((n) => `  - ${n}`),
    "",
    `Results: ${path.relative(ROOT, path.join(RESULTS_DIR, "latest.json"))}  (run took ${results.durationS} s)`,
  ];
  console.log(out.join("\n"));
  const failed = signInFailures.length > 0 || during.signIns.failed > 0 || during.meErrors > 0 || seq.a.errors + seq.b.errors + tpTrpc.errors + tpPlain.errors > 0;
  return failed ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`[bench] failed: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  // main() assigns it; TypeScript cannot see that across the call.
  await (server as BenchServer | null)?.stop();
}
process.exit(exitCode);
