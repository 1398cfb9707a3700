// `npm run bench:leads` (or `npx tsx bench/leads.ts`): leads.list on 1,000,000 leads, through the full tRPC stack
// (createCaller with a real session: session lookup, workspace middleware, the tenant client's workspace SQL through
// Prisma, superjson-free in-process call) against the same SQL sent raw with `pg`, measured in the same run, ABBA.
// Self-contained: its own database (loctelli_bench_leads, dropped and recreated), Redis db 4, random secrets.
// Never part of the test run. See bench/README.md.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { recreateBenchDatabase } from "./database";
import { ratio, round, summarize, type Summary } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "leads.json");
const DB_NAME = "loctelli_bench_leads";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;

const CONFIG = {
  // Leads per workspace; the first (measured) one holds 100,000 of the 1,000,000.
  workspaceSizes: [100_000, 300_000, 200_000, 150_000, 100_000, 50_000, 50_000, 25_000, 15_000, 10_000],
  pageSize: 25,
  warmup: 20,
  callsPerScenario: 200,
  followPages: 50,
  goals: { p99Ms: 50, ratio: 2 },
  watchdogMs: 5 * 60_000,
} as const;

// The app reads its environment once, at first import: set it before importing anything of ours.
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL,
  DATABASE_POOL_SIZE: "5",
  REDIS_URL: "redis://127.0.0.1:6379/4",
  REDIS_PASSWORD: "",
  UPSTASH_REDIS_REST_URL: "",
  UPSTASH_REDIS_REST_TOKEN: "",
  LOG_LEVEL: "warn",
  APP_URL: "http://localhost:8000",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:leads] ${msg}`);
const started = Date.now();
const watchdog = setTimeout(() => {
  console.error(`[bench:leads] watchdog: stopped after ${CONFIG.watchdogMs / 1000}s`);
  process.exit(1);
}, CONFIG.watchdogMs);
watchdog.unref();

const FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia", "Mason", "Amelia", "Ethan", "Harper", "Logan", "Evelyn", "Jacob", "Abigail", "Michael", "Emily", "Daniel", "Ella", "Henry", "Avery", "Jackson", "Scarlett", "Sebastian", "Grace", "Aiden", "Chloe", "Matthew"];
const LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores"];
const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(",")}]`;

/**
 * Multi-row INSERT ... SELECT generate_series: names, emails, E.164 phones and companies that search can hit
 * with different selectivity, the eight statuses, two years of creation times (hashed: unrelated to the sequential
 * emails and phones), 5% archived, a third unowned.
 * Non-unique indexes are dropped first and rebuilt after (2 at a time), as a bulk load would.
 */
async function loadData(admin: pg.Client, workspaceIds: number[], ownerIds: number[], strategyIds: number[]) {
  const { rows: indexes } = await admin.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Lead' AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
  );
  for (const ix of indexes) await admin.query(`DROP INDEX "${ix.indexname}"`);
  const t0 = performance.now();
  await admin.query(
    `INSERT INTO "Lead" ("subAccountId", name, email, phone, company, status, "ownerId", "strategyId", "createdAt", "updatedAt", "archivedAt")
     SELECT w.id,
       (${sqlArray(FIRST_NAMES)})[1 + (g * 7919) % ${FIRST_NAMES.length}] || ' ' || (${sqlArray(LAST_NAMES)})[1 + (g * 104729) % ${LAST_NAMES.length}] || ' ' || g,
       'lead' || g || '@' || (ARRAY['gmail.com','yahoo.com','outlook.com','acme.io','example.org'])[1 + g % 5],
       '+1' || (2012000000 + g)::text,
       (ARRAY['Acme','Globex','Initech','Umbrella','Hooli','Stark','Wayne','Wonka','Tyrell','Cyberdyne'])[1 + (g * 31) % 10]
         || ' ' || (ARRAY['Corp','LLC','Inc','Group','Labs'])[1 + g % 5] || ' ' || (g % 5000),
       (ARRAY['new','contacted','engaged','qualified','booked','won','lost','disqualified'])[1 + (g * 13) % 8]::"LeadStatus",
       CASE WHEN w.id = $1 AND g % 3 <> 0 THEN ($2::int[])[1 + g % cardinality($2::int[])] END,
       CASE WHEN w.id = $1 AND g % 2 = 0 THEN ($3::int[])[1 + g % cardinality($3::int[])] END,
       -- hashed, so creation time is unrelated to the sequential names, emails and phones
       now() - ((hashint8(g) & 2147483647) % 63072000) * interval '1 second',
       now(),
       CASE WHEN g % 20 = 7 THEN now() END
     FROM unnest($4::int[], $5::int[]) AS w(id, n), generate_series(1::bigint, w.n::bigint) g`,
    [workspaceIds[0], ownerIds, strategyIds, workspaceIds, CONFIG.workspaceSizes],
  );
  const insertMs = performance.now() - t0;
  const t1 = performance.now();
  const builders = [0, 1].map(async (worker) => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query("SET maintenance_work_mem = '512MB'");
    for (const ix of indexes.filter((_, i) => i % 2 === worker)) await client.query(ix.indexdef);
    await client.end();
  });
  await Promise.all(builders);
  const indexMs = performance.now() - t1;
  await admin.query(`VACUUM ANALYZE "Lead"`);
  return { insertMs: round(insertMs, 0), indexMs: round(indexMs, 0), indexesRebuilt: indexes.map((i) => i.indexname) };
}

async function prepareDatabase() {
  await recreateBenchDatabase(DB_NAME);
}

// The service's SQL (src/server/services/leads/list-leads.ts), apart from whitespace and parameter numbering (the
// service binds a repeated value once per use: $2, $3 where this sends $2 twice).
const COLUMNS = `l.id, l.name, l.email, l.phone, l.company, l.position, l.source, l."customId", l.status::text AS status, l.timezone,
  l."conversationState", l."aiPaused", l."lastMessageAt", l."archivedAt", l."createdAt", l."updatedAt", l."ownerId",
  l."strategyId", o.id AS "ownerRefId", o.name AS "ownerName", s.id AS "strategyRefId", s.name AS "strategyName"`;
const FROM = `FROM "Lead" l LEFT JOIN "User" o ON o."subAccountId" = l."subAccountId" AND o.id = l."ownerId"
  LEFT JOIN "Strategy" s ON s."subAccountId" = l."subAccountId" AND s.id = l."strategyId"`;

interface Scenario {
  name: string;
  trpc: (i: number) => Promise<number[]>;
  raw: (i: number) => Promise<number[]>;
}

const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n");
}

async function main() {
  log(`database ${DB_NAME}: drop, create, migrate`);
  await prepareDatabase();
  const { unsafeDb } = await import("@/server/db/client");
  const { seedOnboardingWorkspace } = await import("../prisma/seed");
  const { createSession } = await import("@/server/auth/sessions");
  const { createContext } = await import("@/server/api/trpc");
  const { createCaller } = await import("@/server/api/root");
  const { encodeLeadCursor } = await import("@/server/services/leads/list-leads");

  await seedOnboardingWorkspace();
  const workspaceIds: number[] = [];
  for (let i = 0; i < CONFIG.workspaceSizes.length; i++) {
    workspaceIds.push((await unsafeDb.subAccount.create({ data: { name: `Bench ${i + 1}`, slug: `bench-leads-${i + 1}` } })).id);
  }
  const measured = workspaceIds[0]!;
  const passwordHash = "$2b$12$benchbenchbenchbenchbeO0000000000000000000000000000000"; // never used to sign in
  const members = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      unsafeDb.user.create({ data: { subAccountId: measured, email: `member${i}@bench.test`, name: `Member ${i}`, passwordHash } }),
    ),
  );
  const strategies = await Promise.all(
    Array.from({ length: 3 }, (_, i) => unsafeDb.strategy.create({ data: { subAccountId: measured, name: `Strategy ${i}` } })),
  );

  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  log(`loading ${CONFIG.workspaceSizes.reduce((a, b) => a + b, 0).toLocaleString("en-US")} leads across ${workspaceIds.length} workspaces`);
  const load = await loadData(admin, workspaceIds, members.map((m) => m.id), strategies.map((s) => s.id));
  log(`loaded in ${load.insertMs} ms, indexes rebuilt in ${load.indexMs} ms`);

  const session = await createSession({ kind: "user", id: members[0]!.id }, { rememberMe: false, ip: "127.0.0.1" });
  const ctx = await createContext({
    headers: new Headers({ "x-forwarded-for": "10.9.9.9" }),
    sessionClaims: { sessionId: session.sessionId, accessExpiresAt: session.accessExpiresAt },
  });
  const caller = createCaller(ctx);
  const raw = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  const take = CONFIG.pageSize + 1;
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

  // Cursors from the middle of the workspace (positions 40,000-90,000), for both keyset sorts.
  const offsets = Array.from({ length: 20 }, (_, i) => 40_000 + i * 2_500);
  const createdCursors: { createdAt: Date; id: number }[] = [];
  const nameCursors: { name: string; id: number }[] = [];
  const statusCursors: { status: string; id: number }[] = [];
  for (const offset of offsets) {
    const c = await admin.query(
      `SELECT "createdAt", id FROM "Lead" WHERE "subAccountId" = $1 AND "archivedAt" IS NULL ORDER BY "createdAt" DESC, id DESC OFFSET $2 LIMIT 1`,
      [measured, offset],
    );
    createdCursors.push(c.rows[0]);
    const n = await admin.query(
      `SELECT name, id FROM "Lead" WHERE "subAccountId" = $1 AND "archivedAt" IS NULL ORDER BY name ASC, id ASC OFFSET $2 LIMIT 1`,
      [measured, offset],
    );
    nameCursors.push(n.rows[0]);
    const st = await admin.query(
      `SELECT status::text AS status, id FROM "Lead" WHERE "subAccountId" = $1 AND "archivedAt" IS NULL ORDER BY status ASC, id ASC OFFSET $2 LIMIT 1`,
      [measured, offset],
    );
    statusCursors.push(st.rows[0]);
  }
  const searchTerms = ["garcia", "Wonka Labs 42", "lead4242", "outlook", "2012004", "olivia", "tyrell inc 1234", "nobody-matches"];

  const scenarios: Scenario[] = [
    {
      name: "first page (newest first)",
      trpc: async () => ids((await caller.leads.list({ limit: CONFIG.pageSize })).items),
      raw: async () =>
        ids((await raw.query(`SELECT ${COLUMNS} ${FROM} WHERE l."subAccountId" = $1 AND l."archivedAt" IS NULL ORDER BY l."createdAt" DESC, l.id DESC LIMIT $2`, [measured, take])).rows.slice(0, CONFIG.pageSize)),
    },
    {
      name: "deep page, newest first (cursor at 40k-90k)",
      trpc: async (i) => {
        const c = createdCursors[i % createdCursors.length]!;
        const cursor = encodeLeadCursor({ sortBy: "createdAt", sortDir: "desc", key: c.createdAt.toISOString(), id: c.id });
        return ids((await caller.leads.list({ limit: CONFIG.pageSize, cursor })).items);
      },
      raw: async (i) => {
        const c = createdCursors[i % createdCursors.length]!;
        return ids(
          (
            await raw.query(
              `SELECT ${COLUMNS} ${FROM} WHERE l."subAccountId" = $1 AND l."archivedAt" IS NULL AND l."createdAt" <= $2 AND (l."createdAt" < $2 OR l.id < $3) ORDER BY l."createdAt" DESC, l.id DESC LIMIT $4`,
              [measured, c.createdAt, c.id, take],
            )
          ).rows.slice(0, CONFIG.pageSize),
        );
      },
    },
    {
      name: "deep page, by name A-Z (cursor at 40k-90k)",
      trpc: async (i) => {
        const c = nameCursors[i % nameCursors.length]!;
        const cursor = encodeLeadCursor({ sortBy: "name", sortDir: "asc", key: c.name, id: c.id });
        return ids((await caller.leads.list({ limit: CONFIG.pageSize, cursor, sortBy: "name", sortDir: "asc" })).items);
      },
      raw: async (i) => {
        const c = nameCursors[i % nameCursors.length]!;
        return ids(
          (
            await raw.query(
              `SELECT ${COLUMNS} ${FROM} WHERE l."subAccountId" = $1 AND l."archivedAt" IS NULL AND l.name >= $2 AND (l.name > $2 OR l.id > $3) ORDER BY l.name ASC, l.id ASC LIMIT $4`,
              [measured, c.name, c.id, take],
            )
          ).rows.slice(0, CONFIG.pageSize),
        );
      },
    },
    {
      name: "deep page, by status (cursor at 40k-90k)",
      trpc: async (i) => {
        const c = statusCursors[i % statusCursors.length]!;
        const cursor = encodeLeadCursor({ sortBy: "status", sortDir: "asc", key: c.status, id: c.id });
        return ids((await caller.leads.list({ limit: CONFIG.pageSize, cursor, sortBy: "status", sortDir: "asc" })).items);
      },
      raw: async (i) => {
        const c = statusCursors[i % statusCursors.length]!;
        return ids(
          (
            await raw.query(
              `SELECT ${COLUMNS} ${FROM} WHERE l."subAccountId" = $1 AND l."archivedAt" IS NULL AND (l.status, l.id) > ($2::"LeadStatus", $3) ORDER BY l.status ASC, l.id ASC LIMIT $4`,
              [measured, c.status, c.id, take],
            )
          ).rows.slice(0, CONFIG.pageSize),
        );
      },
    },
    {
      name: `search (${searchTerms.length} terms in turn)`,
      trpc: async (i) => ids((await caller.leads.list({ limit: CONFIG.pageSize, search: searchTerms[i % searchTerms.length]! })).items),
      raw: async (i) => {
        const term = searchTerms[i % searchTerms.length]!;
        const digits = term.replace(/\D/g, "");
        const phoneTerm = /^[\d\s()+.-]+$/.test(term) && digits.length >= 3 ? digits : term;
        // The service's search: one expression over the four fields (the trigram index's), the digits too for phone-like terms.
        const text = `(l.name || E'\\x1f' || COALESCE(l.email, '') || E'\\x1f' || COALESCE(l.phone, '') || E'\\x1f' || COALESCE(l.company, ''))`;
        const condition = phoneTerm === term ? `${text} ILIKE $2` : `(${text} ILIKE $2 OR ${text} ILIKE $4)`;
        return ids(
          (
            await raw.query(
              `SELECT ${COLUMNS} ${FROM} WHERE l."subAccountId" = $1 AND l."archivedAt" IS NULL AND ${condition} ORDER BY l."createdAt" DESC, l.id DESC LIMIT $3`,
              [measured, `%${term}%`, take, ...(phoneTerm === term ? [] : [`%${phoneTerm}%`])],
            )
          ).rows.slice(0, CONFIG.pageSize),
        );
      },
    },
  ];

  // The two sides must answer the same rows, or the comparison means nothing.
  for (const s of scenarios) {
    for (let i = 0; i < 8; i++) {
      const [a, b] = [await s.trpc(i), await s.raw(i)];
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${s.name}: tRPC and raw SQL disagree on call ${i}`);
    }
  }

  // Follow the cursor from the first page for 50 pages: no row twice, each page timed.
  const seen = new Set<number>();
  const followMs: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < CONFIG.followPages; page++) {
    const t0 = performance.now();
    const result: { items: { id: number }[]; nextCursor: string | null } = await caller.leads.list({ limit: CONFIG.pageSize, cursor });
    followMs.push(performance.now() - t0);
    for (const item of result.items) {
      if (seen.has(item.id)) throw new Error(`following cursors: lead ${item.id} came twice`);
      seen.add(item.id);
    }
    cursor = result.nextCursor;
  }

  const timed = async (fn: (i: number) => Promise<unknown>, from: number, count: number, into: number[]) => {
    for (let i = from; i < from + count; i++) {
      const t0 = performance.now();
      await fn(i);
      into.push(performance.now() - t0);
    }
  };
  const measurements: { name: string; trpc: Summary; raw: Summary }[] = [];
  for (const s of scenarios) {
    log(`measuring: ${s.name}`);
    await timed(s.trpc, 0, CONFIG.warmup, []);
    await timed(s.raw, 0, CONFIG.warmup, []);
    const trpcMs: number[] = [];
    const rawMs: number[] = [];
    const quarter = CONFIG.callsPerScenario / 4;
    // ABBA: load that drifts during the run lands on both sides alike.
    await timed(s.trpc, 0, quarter, trpcMs);
    await timed(s.raw, 0, quarter, rawMs);
    await timed(s.raw, quarter, quarter, rawMs);
    await timed(s.trpc, quarter, quarter, trpcMs);
    await timed(s.trpc, 2 * quarter, quarter, trpcMs);
    await timed(s.raw, 2 * quarter, quarter, rawMs);
    await timed(s.raw, 3 * quarter, quarter, rawMs);
    await timed(s.trpc, 3 * quarter, quarter, trpcMs);
    measurements.push({ name: s.name, trpc: summarize(trpcMs), raw: summarize(rawMs) });
  }
  // The stack's own floor: a procedure that only looks up the session (auth.me), no lead query at all.
  await timed(() => caller.auth.me(), 0, CONFIG.warmup, []);
  const floorMs: number[] = [];
  await timed(() => caller.auth.me(), 0, CONFIG.callsPerScenario, floorMs);
  const floor = summarize(floorMs);
  await raw.end();
  await admin.end();
  await unsafeDb.$disconnect();

  const rows = measurements.map((m) => ({
    scenario: m.name,
    trpc: { p50: round(m.trpc.p50), p99: round(m.trpc.p99), mean: round(m.trpc.mean), max: round(m.trpc.max) },
    raw: { p50: round(m.raw.p50), p99: round(m.raw.p99), mean: round(m.raw.mean), max: round(m.raw.max) },
    ratio: { p50: ratio(m.trpc.p50, m.raw.p50), p99: ratio(m.trpc.p99, m.raw.p99) },
    p99Goal: m.trpc.p99 <= CONFIG.goals.p99Ms,
    ratioGoal: ratio(m.trpc.p99, m.raw.p99) <= CONFIG.goals.ratio,
  }));
  const follow = summarize(followMs);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadavgAtEnd: os.loadavg().map((x) => round(x, 2)),
    config: CONFIG,
    data: { leads: CONFIG.workspaceSizes.reduce((a, b) => a + b, 0), measuredWorkspaceLeads: CONFIG.workspaceSizes[0], ...load },
    stackFloor: { procedure: "auth.me", p50: round(floor.p50), p99: round(floor.p99) },
    followCursors: { pages: CONFIG.followPages, distinctLeads: seen.size, p50: round(follow.p50), p99: round(follow.p99) },
    scenarios: rows,
    durationS: round((Date.now() - started) / 1000, 1),
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);

  console.log(
    [
      "",
      `leads.list, ${results.data.leads.toLocaleString("en-US")} leads in ${CONFIG.workspaceSizes.length} workspaces, measured in one of ${CONFIG.workspaceSizes[0].toLocaleString("en-US")}; ${CONFIG.callsPerScenario} calls per side, ms`,
      table([
        ["scenario", "tRPC p50", "tRPC p99", "raw p50", "raw p99", "ratio p50", "ratio p99", `p99<=${CONFIG.goals.p99Ms}ms`, `ratio<=${CONFIG.goals.ratio}`],
        ...rows.map((r) => [
          r.scenario,
          fmt(r.trpc.p50),
          fmt(r.trpc.p99),
          fmt(r.raw.p50),
          fmt(r.raw.p99),
          `${r.ratio.p50}x`,
          `${r.ratio.p99}x`,
          r.p99Goal ? "yes" : "NO",
          r.ratioGoal ? "yes" : "NO",
        ]),
      ]),
      `tRPC stack floor (auth.me: session lookup, no lead query): p50 ${fmt(floor.p50)} ms, p99 ${fmt(floor.p99)} ms`,
      `following the cursor for ${CONFIG.followPages} pages: ${seen.size} distinct leads, p50 ${fmt(follow.p50)} ms, p99 ${fmt(follow.p99)} ms`,
      `load: ${load.insertMs} ms insert + ${load.indexMs} ms index rebuild; run took ${results.durationS} s`,
      `Results: ${path.relative(ROOT, RESULTS_FILE)}`,
    ].join("\n"),
  );
  return rows.every((r) => r.p99Goal) ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`[bench:leads] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}
process.exit(exitCode);
