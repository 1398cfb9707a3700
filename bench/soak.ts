// `npm run bench:soak`: the production build under a long run of mixed reads by 8 clients; the app server's RSS and
// heap are sampled over time, and throughput at the start is compared with throughput at the end (see bench/README.md).
// Own database (loctelli_bench_soak, dropped and recreated), its own Redis index, random secrets. Never part of the tests.
//   SOAK_SECONDS      length of the measured run (default 300)
//   SOAK_CLIENTS      concurrent clients (default 8)
//   SOAK_PORT         the app server's port (default 8210)
//   SOAK_REDIS_URL    default redis://127.0.0.1:6379/4 (flushed)
//   SOAK_NODE_OPTIONS the server's NODE_OPTIONS instead of the product's (scripts/node-options.ts); "" = Node's defaults
//   SOAK_MALLOC_ARENA_MAX  likewise for glibc's MALLOC_ARENA_MAX ("" = glibc's default)
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { recreateBenchDatabase } from "./database";
import { startServer, type BenchServer } from "./server";
import { fetchCsrf, signIn } from "./auth";
import { round } from "./stats";
import { APP_MALLOC_ARENA_MAX, APP_NODE_OPTIONS } from "../scripts/node-options";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_DIR = path.join(ROOT, "bench", "results");
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 8);
const PORT = Number(process.env.SOAK_PORT ?? 8210);
const REDIS_URL = process.env.SOAK_REDIS_URL ?? "redis://127.0.0.1:6379/4";
const NODE_OPTIONS = process.env.SOAK_NODE_OPTIONS ?? APP_NODE_OPTIONS;
const MALLOC_ARENA_MAX = process.env.SOAK_MALLOC_ARENA_MAX ?? APP_MALLOC_ARENA_MAX;
const BASE = `http://127.0.0.1:${PORT}`;
const DB_NAME = "loctelli_bench_soak";
const SAMPLE_EVERY_MS = 5_000;
// Throughput is compared over the first and the last window of this length.
const WINDOW_MS = Math.min(30_000, (SECONDS * 1000) / 4);

const log = (msg: string) => console.log(`[soak] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number | null | undefined) => (bytes == null ? null : round(bytes / 1024 / 1024, 1));
const load = () => os.loadavg().map((x) => round(x, 2));

const secret = () => randomBytes(48).toString("base64url");
const demoPassword = `${randomBytes(12).toString("base64url")}-Aa1`;
const appEnv: Record<string, string> = {
  NODE_ENV: "production",
  PORT: String(PORT),
  HOSTNAME_BIND: "127.0.0.1",
  APP_URL: BASE,
  NEXTAUTH_URL: BASE,
  DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`,
  REDIS_URL,
  REDIS_PASSWORD: "",
  UPSTASH_REDIS_REST_URL: "",
  UPSTASH_REDIS_REST_TOKEN: "",
  CORS_ORIGINS: "",
  LOG_LEVEL: "warn",
  TRUST_PROXY_HOPS: "1",
  BENCH_ROUTES: "1",
  RUN_MIGRATIONS_ON_START: "false",
  NEXT_TELEMETRY_DISABLED: "1",
  JWT_SECRET: secret(),
  JWT_REFRESH_SECRET: secret(),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  DEFAULT_ADMIN_PASSWORD: `${randomBytes(12).toString("base64url")}-Aa1`,
  DEMO_USER_PASSWORD: demoPassword,
  SEED_DEMO_WORKSPACE: "true",
  QUEUE_PREFIX: "loctelli-bench-soak",
  NODE_OPTIONS,
  // Empty: glibc's default (the variable is then left out).
  ...(MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX } : {}),
};

interface MemorySample {
  t: number;
  rssMiB: number | null;
  heapUsedMiB: number | null;
  heapTotalMiB: number | null;
  externalMiB: number | null;
  arrayBuffersMiB: number | null;
  requests: number;
  load1m: number;
}

async function readMemory(server: BenchServer, afterFullGc = false) {
  let heap: NodeJS.MemoryUsage | null = null;
  try {
    heap = (await (await fetch(`${BASE}/__bench/memory${afterFullGc ? "?gc=1" : ""}`, { signal: AbortSignal.timeout(5_000) })).json()) as NodeJS.MemoryUsage;
  } catch {
    // a sample without the heap figures
  }
  const rss = server.rssKb();
  return {
    rssMiB: rss === null ? null : round(rss / 1024, 1),
    heapUsedMiB: mib(heap?.heapUsed),
    heapTotalMiB: mib(heap?.heapTotal),
    externalMiB: mib(heap?.external),
    arrayBuffersMiB: mib(heap?.arrayBuffers),
  };
}

async function waitReady(server: BenchServer, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited()) throw new Error("the app server exited during start (see bench/results/soak-server.log)");
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

/** The reads a person's day is made of: pages rendered on the server and the tRPC queries behind them. */
function readTargets(leadIds: number[]) {
  const trpc = (procedure: string, input: unknown) => `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const today = new Date();
  const inAMonth = new Date(today.getTime() + 30 * 86_400_000);
  return [
    "/dashboard",
    "/leads",
    ...leadIds.slice(0, 3).map((id) => `/leads/${id}`),
    "/bookings",
    "/strategies",
    "/inbox",
    "/settings/audit",
    trpc("auth.me", undefined),
    trpc("leads.list", { limit: 25 }),
    trpc("leads.list", { limit: 25, search: "a" }),
    trpc("leads.list", { limit: 25, sortBy: "name", sortDir: "asc" }),
    ...leadIds.slice(0, 3).map((id) => trpc("leads.get", { id })),
    trpc("dashboard.summary", { timezone: "America/New_York" }),
    trpc("strategies.list", {}),
    trpc("bookings.list", { from: today.toISOString(), to: inAMonth.toISOString() }),
    trpc("chat.inbox", {}),
    trpc("audit.list", { limit: 50 }),
  ];
}

async function main() {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("no production build: run `npm run build` first (the soak measures the built app)");
  }
  const loadAtStart = load();
  log(`load average at start ${loadAtStart.join(" / ")} on ${os.cpus().length} cores; ${SECONDS} s, ${CLIENTS} clients`);
  log(`server NODE_OPTIONS: ${NODE_OPTIONS || "(Node's defaults)"}; MALLOC_ARENA_MAX: ${MALLOC_ARENA_MAX || "(glibc's default)"}`);

  Object.assign(process.env, appEnv);
  await recreateBenchDatabase(DB_NAME);
  const { seed } = await import("../prisma/seed");
  const { unsafeDb } = await import("@/server/db/client");
  await seed();
  const demo = await unsafeDb.user.findFirstOrThrow({ where: { email: "demo@loctelli.local" }, select: { subAccountId: true } });
  const leadIds = (await unsafeDb.lead.findMany({ where: { subAccountId: demo.subAccountId }, select: { id: true }, take: 3 })).map((l) => l.id);
  await unsafeDb.$disconnect();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  redis.disconnect();

  const server = startServer(ROOT, { ...process.env, ...appEnv }, path.join(RESULTS_DIR, "soak-server.log"));
  const stop = async () => {
    await server.stop();
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  process.once("SIGTERM", () => void stop().then(() => process.exit(143)));
  try {
    await waitReady(server, 120_000);
    const startup = await readMemory(server);
    log(`listening; RSS after start ${startup.rssMiB} MiB, heap used ${startup.heapUsedMiB} MiB`);

    const signedIn = await signIn(BASE, await fetchCsrf(BASE, "10.77.0.1"), "demo@loctelli.local", demoPassword);
    if (!signedIn.sessionCookie) throw new Error(`sign-in failed: HTTP ${signedIn.status} ${signedIn.error}`);
    const headers = { cookie: signedIn.sessionCookie, "x-forwarded-for": "10.77.0.2" };
    const targets = readTargets(leadIds);
    // Every target must answer 200 before the soak counts anything.
    for (const target of targets) {
      const res = await fetch(`${BASE}${target}`, { headers, redirect: "manual" });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${target} answered ${res.status}`);
    }

    const samples: MemorySample[] = [];
    const completions: number[] = [];
    const failures = new Map<string, number>();
    let requests = 0;
    const t0 = performance.now();
    const deadline = t0 + SECONDS * 1000;
    // Short sessions: the access window is 15 minutes, far longer than a soak.
    const client = async (offset: number) => {
      for (let i = offset; performance.now() < deadline; i++) {
        const target = targets[i % targets.length]!;
        try {
          const res = await fetch(`${BASE}${target}`, { headers, redirect: "manual" });
          await res.arrayBuffer();
          if (res.status !== 200) failures.set(`${res.status} ${target.split("?")[0]}`, (failures.get(`${res.status} ${target.split("?")[0]}`) ?? 0) + 1);
        } catch (e) {
          failures.set(`error ${(e as Error).message}`, (failures.get(`error ${(e as Error).message}`) ?? 0) + 1);
        }
        requests++;
        completions.push(performance.now() - t0);
      }
    };
    const sampler = (async () => {
      while (performance.now() < deadline) {
        const t = round((performance.now() - t0) / 1000, 1);
        samples.push({ t, ...(await readMemory(server)), requests, load1m: round(os.loadavg()[0]!, 2) });
        const last = samples.at(-1)!;
        log(`t=${String(t).padStart(5)} s  RSS ${last.rssMiB} MiB  heap ${last.heapUsedMiB}/${last.heapTotalMiB} MiB  external ${last.externalMiB} MiB  ${requests} requests  load ${last.load1m}`);
        await sleep(SAMPLE_EVERY_MS);
      }
    })();
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c * 3)), sampler]);
    const elapsedMs = performance.now() - t0;
    const final = await readMemory(server);
    samples.push({ t: round(elapsedMs / 1000, 1), ...final, requests, load1m: round(os.loadavg()[0]!, 2) });
    // With --expose-gc in SOAK_NODE_OPTIONS: what is still referenced after a full collection (the live set).
    const live = NODE_OPTIONS.includes("--expose-gc") ? await readMemory(server, true) : null;

    const rate = (from: number, to: number) => round(completions.filter((c) => c >= from && c < to).length / ((to - from) / 1000), 1);
    const startRps = rate(0, WINDOW_MS);
    const endRps = rate(elapsedMs - WINDOW_MS, elapsedMs);
    const lastQuarter = samples.filter((s) => s.t >= (elapsedMs / 1000) * 0.75 && s.rssMiB !== null).map((s) => s.rssMiB!);
    const settledRss = lastQuarter.sort((a, b) => a - b)[Math.floor(lastQuarter.length / 2)] ?? null;
    const peakRss = round((server.peakRssKb() ?? 0) / 1024, 1);
    const loadAtEnd = load();
    const result = {
      at: new Date().toISOString(),
      seconds: round(elapsedMs / 1000, 1),
      clients: CLIENTS,
      nodeOptions: NODE_OPTIONS,
      mallocArenaMax: MALLOC_ARENA_MAX,
      loadavgAtStart: loadAtStart,
      loadavgAtEnd: loadAtEnd,
      cores: os.cpus().length,
      requests,
      failures: Object.fromEntries(failures),
      throughput: { windowSeconds: WINDOW_MS / 1000, startRps, endRps, endOverStart: round(endRps / startRps, 2) },
      memory: {
        afterStartMiB: startup.rssMiB,
        settledRssMiB: settledRss,
        peakRssMiB: peakRss,
        settledOverStart: startup.rssMiB && settledRss ? round(settledRss / startup.rssMiB, 2) : null,
        goalRssMiB: 400,
        final,
        afterFullGc: live,
      },
      samples,
    };
    fs.writeFileSync(path.join(RESULTS_DIR, "soak.json"), JSON.stringify(result, null, 2));
    console.log("");
    console.log(`soak: ${result.seconds} s, ${CLIENTS} clients, ${requests} requests, ${failures.size ? `FAILURES ${JSON.stringify(result.failures)}` : "no failures"}`);
    console.log(`  RSS: ${startup.rssMiB} MiB after start -> settled ${settledRss} MiB (median of the last quarter), peak ${peakRss} MiB; goal settled <= 400 MiB: ${settledRss !== null && settledRss <= 400 ? "met" : "NOT met"}`);
    console.log(`  heap at the end: used ${final.heapUsedMiB} MiB of ${final.heapTotalMiB} MiB, external ${final.externalMiB} MiB (array buffers ${final.arrayBuffersMiB} MiB)`);
    if (live) console.log(`  after a full collection: heap used ${live.heapUsedMiB} MiB (the live set), RSS ${live.rssMiB} MiB`);
    console.log(`  throughput: ${startRps} req/s in the first ${WINDOW_MS / 1000} s, ${endRps} req/s in the last (end/start ${result.throughput.endOverStart})`);
    console.log(`  load average (1/5/15 min): start ${loadAtStart.join(" / ")}, end ${loadAtEnd.join(" / ")} on ${os.cpus().length} cores`);
    console.log(`  written to ${path.relative(ROOT, path.join(RESULTS_DIR, "soak.json"))}`);
    if (failures.size) process.exitCode = 1;
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(`[soak] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
