// `npm run bench:api` (or `npx tsx bench/public-api.ts`): GET /api/v1/leads (X-API-Key, the public API's route handler:
// key lookup, per-key rate limit on Redis, scope, query parsing, listLeads, JSON) against the app's own tRPC
// leads.list (session cookie, the tRPC route handler: session lookup, workspace middleware, listLeads, superjson),
// same workspace, same page size, sequential, in alternating blocks (ABBA) in one process, with the machine's load
// printed. Goal: p50 ratio public/tRPC <= 1.3. Self-contained: its own database (loctelli_bench_api, dropped and
// recreated), Redis db BENCH_REDIS_DB (default 5), random secrets. Never part of the test run. See bench/README.md.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { recreateBenchDatabase } from "./database";
import { ratio, round, summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "public-api.json");
const DB_NAME = process.env.BENCH_DATABASE ?? "loctelli_bench_api";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const CONFIG = {
  leads: 20_000,
  pageSize: 25,
  warmup: 100,
  block: 100,
  blocksPerSide: Number(process.env.BENCH_BLOCKS ?? 10),
  /** The per-key limit is 600 a minute: requests rotate over enough keys that the bench never meets it. */
  keys: 20,
  goal: 1.3,
  watchdogMs: 5 * 60_000,
} as const;

Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL,
  DATABASE_POOL_SIZE: "5",
  REDIS_URL: `redis://127.0.0.1:6379/${process.env.BENCH_REDIS_DB ?? "5"}`,
  REDIS_PASSWORD: "",
  UPSTASH_REDIS_REST_URL: "",
  UPSTASH_REDIS_REST_TOKEN: "",
  LOG_LEVEL: "warn",
  APP_URL: "http://localhost:8000",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:api] ${msg}`);
const watchdog = setTimeout(() => {
  console.error(`[bench:api] watchdog: stopped after ${CONFIG.watchdogMs / 1000}s`);
  process.exit(1);
}, CONFIG.watchdogMs);
watchdog.unref();

type Handler = (req: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

async function main() {
  const load = [os.loadavg()[0]!];
  log(`recreating ${DB_NAME}`);
  await recreateBenchDatabase(DB_NAME);
  const { unsafeDb } = await import("@/server/db/client");
  const { getRedis, redisReady } = await import("@/server/redis/client");
  await (await redisReady()).flushdb();
  // Workspace 1 is the onboarding workspace (its members reach nothing): the measured one comes after it.
  const { seedOnboardingWorkspace } = await import("../prisma/seed");
  await seedOnboardingWorkspace();
  const workspace = await unsafeDb.subAccount.create({ data: { name: "Bench API", slug: `bench-api-${randomBytes(4).toString("hex")}` } });
  const owner = await unsafeDb.user.create({ data: { subAccountId: workspace.id, email: "bench-api@bench.local", name: "Bench Admin", role: "admin", passwordHash: "x" } });
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(
    `INSERT INTO "Lead" ("subAccountId", name, email, company, status, "ownerId", "createdAt", "updatedAt")
     SELECT $1, 'Lead ' || g, 'lead' || g || '@bench.local', 'Company ' || (g % 500),
       (ARRAY['new','contacted','engaged','qualified','booked','won','lost','disqualified'])[1 + g % 8]::"LeadStatus",
       CASE WHEN g % 3 = 0 THEN $2::int END, now() - (g || ' minutes')::interval, now()
     FROM generate_series(1, $3) g`,
    [workspace.id, owner.id, CONFIG.leads],
  );
  await admin.query(`ANALYZE "Lead"`);
  await admin.end();
  log(`${CONFIG.leads} leads loaded`);

  const { createApiKey } = await import("@/server/services/api-keys/manage-api-keys");
  const { workspaceContextFor } = await import("@/server/context");
  const { logger } = await import("@/server/logger");
  const ctx = workspaceContextFor({ requestId: "bench", log: logger, ip: "127.0.0.1", userAgent: "bench" }, workspace);
  const keys: string[] = [];
  for (let i = 0; i < CONFIG.keys; i++) keys.push((await createApiKey(ctx, { name: `Bench ${i}`, scopes: ["leads:read"] })).key);

  const { createSession } = await import("@/server/auth/sessions");
  const { sessionCookieName } = await import("@/server/auth/session-token");
  const { encode } = await import("next-auth/jwt");
  const { getEnv } = await import("@/env");
  const session = await createSession({ kind: "user", id: owner.id }, { rememberMe: false, ip: "127.0.0.1" });
  const token = await encode({ token: { sid: session.sessionId, accessExpiresAt: session.accessExpiresAt }, secret: getEnv().JWT_SECRET });
  const cookie = `${sessionCookieName()}=${encodeURIComponent(token)}`;

  const trpcRoute = (await import("@/app/api/trpc/[trpc]/route")) as unknown as { GET: Handler };
  const apiRoute = (await import("@/app/api/v1/[...path]/route")) as unknown as { GET: Handler };
  const trpcUrl = `http://localhost:8000/api/trpc/leads.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: CONFIG.pageSize } }))}`;
  const apiUrl = `http://localhost:8000/api/v1/leads?limit=${CONFIG.pageSize}`;
  let n = 0;

  const sides = {
    trpc: async () => {
      const res = await trpcRoute.GET(new Request(trpcUrl, { headers: { cookie, "x-forwarded-for": "10.1.1.1" } }), { params: Promise.resolve({ trpc: "leads.list" }) });
      const body = (await res.json()) as { result?: { data: { json: { items: unknown[] } } } };
      if (res.status !== 200 || body.result?.data.json.items.length !== CONFIG.pageSize) throw new Error(`tRPC answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    },
    api: async () => {
      const key = keys[n++ % keys.length]!;
      const res = await apiRoute.GET(new Request(apiUrl, { headers: { "x-api-key": key, "x-forwarded-for": "10.1.1.1" } }), { params: Promise.resolve({ path: ["leads"] }) });
      const body = (await res.json()) as { items?: unknown[] };
      if (res.status !== 200 || body.items?.length !== CONFIG.pageSize) throw new Error(`/api/v1 answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    },
  };
  const samples: Record<keyof typeof sides, number[]> = { trpc: [], api: [] };
  const run = async (side: keyof typeof sides, count: number, keep: boolean) => {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await sides[side]();
      if (keep) samples[side].push(performance.now() - t0);
    }
  };
  log("warming up");
  await run("trpc", CONFIG.warmup, false);
  await run("api", CONFIG.warmup, false);
  load.push(os.loadavg()[0]!);
  const t0 = performance.now();
  for (let b = 0; b < CONFIG.blocksPerSide; b++) {
    const order: (keyof typeof sides)[] = b % 2 === 0 ? ["trpc", "api"] : ["api", "trpc"];
    for (const side of order) await run(side, CONFIG.block, true);
  }
  const seconds = (performance.now() - t0) / 1000;
  load.push(os.loadavg()[0]!);

  const trpc = summarize(samples.trpc);
  const api = summarize(samples.api);
  const results = {
    at: new Date().toISOString(),
    cpus: os.cpus().length,
    loadavg1m: { start: round(load[0]!, 2), beforeMeasuring: round(load[1]!, 2), end: round(load[2]!, 2) },
    leads: CONFIG.leads,
    pageSize: CONFIG.pageSize,
    requestsPerSide: samples.api.length,
    seconds: round(seconds, 1),
    trpcMs: { p50: round(trpc.p50), p90: round(trpc.p90), p99: round(trpc.p99) },
    publicApiMs: { p50: round(api.p50), p90: round(api.p90), p99: round(api.p99) },
    p50Ratio: ratio(api.p50, trpc.p50),
    p99Ratio: ratio(api.p99, trpc.p99),
    goal: `p50 ratio <= ${CONFIG.goal}`,
    met: api.p50 / trpc.p50 <= CONFIG.goal,
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2));
  console.log(`\nGET /api/v1/leads vs tRPC leads.list, page of ${CONFIG.pageSize} of ${CONFIG.leads} leads, ${results.requestsPerSide} each (${results.cpus} CPUs, load 1m ${results.loadavg1m.start} / ${results.loadavg1m.beforeMeasuring} / ${results.loadavg1m.end})`);
  console.table({ "tRPC leads.list": results.trpcMs, "GET /api/v1/leads": results.publicApiMs });
  console.log(`p50 ratio ${results.p50Ratio}x (goal <= ${CONFIG.goal}x: ${results.met ? "met" : "NOT met"}), p99 ratio ${results.p99Ratio}x`);
  await unsafeDb.$disconnect();
  await getRedis().quit();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
