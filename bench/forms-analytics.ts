// `npm run bench:forms-analytics` (or `npx tsx bench/forms-analytics.ts`): forms.analytics over 100,000 submissions
// (and their views, starts, card steps and unfinished sessions), through the full tRPC stack (createCaller with a real
// session) against the same four SQL statements sent raw with `pg` (in parallel, as the service sends them), in the same
// run, ABBA. Self-contained: its own database (loctelli_bench_forms_analytics, dropped and recreated), random secrets.
// Never part of the test run. See bench/README.md.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { recreateBenchDatabase } from "./database";
import { ratio, round, summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "forms-analytics.json");
const DB_NAME = process.env.BENCH_DATABASE ?? "loctelli_bench_forms_analytics";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;

const CONFIG = {
  submissions: 100_000,
  views: 260_000,
  starts: 140_000,
  unfinishedSessions: 40_000,
  days: 90,
  warmup: 5,
  calls: 40,
  goals: { p50Ms: 50 },
  watchdogMs: 10 * 60_000,
} as const;

Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL,
  DATABASE_POOL_SIZE: "5",
  REDIS_URL: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/12",
  REDIS_PASSWORD: "",
  UPSTASH_REDIS_REST_URL: "",
  UPSTASH_REDIS_REST_TOKEN: "",
  LOG_LEVEL: "warn",
  APP_URL: "http://localhost:8000",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:forms-analytics] ${msg}`);
const watchdog = setTimeout(() => {
  console.error(`[bench:forms-analytics] watchdog: stopped after ${CONFIG.watchdogMs / 1000}s`);
  process.exit(1);
}, CONFIG.watchdogMs);
watchdog.unref();

const FIELDS = ["full_name", "email", "phone", "service", "budget", "notes"] as const;
const SOURCES = "ARRAY['google','facebook','newsletter','partner','instagram',NULL]";

/** Everything spread over the last 90 days (hashed times), three versions, six sources; steps thin out card by card. */
async function loadData(admin: pg.Client, ws: number, form: number) {
  const t0 = performance.now();
  const at = (g: string) => `now() - ((hashint8(${g}) & 2147483647) % ${(CONFIG.days - 1) * 86_400}) * interval '1 second'`;
  await admin.query(
    `INSERT INTO "FormSubmission" ("subAccountId", "formTemplateId", version, data, "durationMs", "utmSource", "createdAt")
     SELECT $1, $2, 1 + g % 3, jsonb_build_object('answers', jsonb_build_object('full_name', 'Lead ' || g, 'email', 'lead' || g || '@example.com', 'service', 'Roof')),
       20000 + (hashint8(g * 7) & 2147483647) % 600000, (${SOURCES})[1 + g % 6], ${at("g")}
     FROM generate_series(1, ${CONFIG.submissions}) g`,
    [ws, form],
  );
  await admin.query(
    `INSERT INTO "FormEvent" ("subAccountId", "formTemplateId", version, type, "utmSource", "createdAt")
     SELECT $1, $2, 1 + g % 3, CASE WHEN g <= ${CONFIG.views} THEN 'view' ELSE 'start' END::"FormEventType", (${SOURCES})[1 + g % 6], ${at("g + 1000000")}
     FROM generate_series(1, ${CONFIG.views + CONFIG.starts}) g`,
    [ws, form],
  );
  // Steps: of the starts, 95% leave card 1, 85% card 2, ... (one row per card left).
  await admin.query(
    `INSERT INTO "FormEvent" ("subAccountId", "formTemplateId", version, type, "stepIndex", "fieldKey", "createdAt")
     SELECT $1, $2, 1 + g % 3, 'step', k - 1, ($3::text[])[k], ${at("g + 2000000")}
     FROM generate_series(1, ${CONFIG.starts}) g, generate_series(1, 6) k
     WHERE (hashint8(g * 31 + k) & 1023) < 1024 - k * 80`,
    [ws, form, FIELDS],
  );
  await admin.query(
    `INSERT INTO "FormSession" ("subAccountId", "formTemplateId", token, answers, "lastAnsweredField", status, version, "createdAt", "updatedAt")
     SELECT $1, $2, 'bench-' || g, COALESCE((SELECT jsonb_object_agg(k, 'x') FROM unnest(($3::text[])[1:(g % 6)]) k), '{}'::jsonb), ($3::text[])[NULLIF(g % 6, 0)], 'in_progress', 1 + g % 3, ${at("g + 3000000")}, now()
     FROM generate_series(1, ${CONFIG.unfinishedSessions}) g`,
    [ws, form, FIELDS],
  );
  await admin.query(`VACUUM ANALYZE "FormSubmission"`);
  await admin.query(`VACUUM ANALYZE "FormEvent"`);
  await admin.query(`VACUUM ANALYZE "FormSession"`);
  await admin.query(`VACUUM ANALYZE "FormStat"`);
  const counts = await admin.query(`SELECT (SELECT count(*) FROM "FormEvent")::int AS events, (SELECT count(*) FROM "FormSubmission")::int AS submissions, (SELECT count(*) FROM "FormSession")::int AS sessions, (SELECT count(*) FROM "FormStat")::int AS "statRows"`);
  return { loadMs: round(performance.now() - t0, 0), ...counts.rows[0] };
}

// The service's four statements (src/server/services/forms/form-analytics.ts), all versions, apart from whitespace.
const RAW = {
  events: `SELECT CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(version) = 0 THEN 'version' WHEN GROUPING(utm) = 0 THEN 'utm' ELSE 'all' END AS dim,
      day, version, utm, count(*) FILTER (WHERE type = 'view')::int AS views, count(*) FILTER (WHERE type = 'start')::int AS starts
    FROM (SELECT e.type::text AS type, e.version, COALESCE(e."utmSource", '') AS utm, to_char((e."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE $3, 'YYYY-MM-DD') AS day
      FROM "FormEvent" e WHERE e."subAccountId" = $1 AND e."formTemplateId" = $2 AND e."createdAt" >= ($4::timestamptz AT TIME ZONE 'UTC') AND e."createdAt" < ($5::timestamptz AT TIME ZONE 'UTC')
        AND e.type IN ('view', 'start')) x
    GROUP BY GROUPING SETS ((), (day), (version), (utm))`,
  submissions: `SELECT CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(version) = 0 THEN 'version' WHEN GROUPING(utm) = 0 THEN 'utm' ELSE 'all' END AS dim,
      day, version, utm, count(*)::int AS completions, percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS median
    FROM (SELECT s.version, COALESCE(s."utmSource", '') AS utm, to_char((s."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE $3, 'YYYY-MM-DD') AS day, s."durationMs"
      FROM "FormSubmission" s WHERE s."subAccountId" = $1 AND s."formTemplateId" = $2 AND s."createdAt" >= ($4::timestamptz AT TIME ZONE 'UTC') AND s."createdAt" < ($5::timestamptz AT TIME ZONE 'UTC')) x
    GROUP BY GROUPING SETS ((), (day), (version), (utm))`,
  steps: `SELECT e."fieldKey", count(DISTINCT COALESCE(e."sessionId"::bigint, -e.id))::int AS left
    FROM "FormEvent" e WHERE e."subAccountId" = $1 AND e."formTemplateId" = $2 AND e."createdAt" >= ($4::timestamptz AT TIME ZONE 'UTC') AND e."createdAt" < ($5::timestamptz AT TIME ZONE 'UTC')
      AND e.type = 'step' AND e."fieldKey" IS NOT NULL AND $3::text IS NOT NULL
    GROUP BY e."fieldKey"`,
  stops: `SELECT last::int AS idx, count(*)::int AS sessions
    FROM (SELECT (SELECT max(k.idx) FROM unnest($6::text[]) WITH ORDINALITY AS k(key, idx) WHERE jsonb_typeof(s.answers) = 'object' AND jsonb_exists(s.answers, k.key)) AS last
      FROM "FormSession" s WHERE s."subAccountId" = $1 AND s."formTemplateId" = $2 AND s.status <> 'completed'
        AND s."createdAt" >= ($4::timestamptz AT TIME ZONE 'UTC') AND s."createdAt" < ($5::timestamptz AT TIME ZONE 'UTC') AND $3::text IS NOT NULL) x
    GROUP BY last`,
};

async function main() {
  log(`database ${DB_NAME}: drop, create, migrate`);
  await recreateBenchDatabase(DB_NAME);
  const { unsafeDb } = await import("@/server/db/client");
  const { seedOnboardingWorkspace } = await import("../prisma/seed");
  const { createSession } = await import("@/server/auth/sessions");
  const { createContext } = await import("@/server/api/trpc");
  const { createCaller } = await import("@/server/api/root");
  const { dayKey, parseZonedInput } = await import("@/lib/time");

  await seedOnboardingWorkspace();
  const ws = await unsafeDb.subAccount.create({ data: { name: "Bench forms", slug: `bench-forms-${Date.now()}` } });
  const user = await unsafeDb.user.create({ data: { subAccountId: ws.id, email: "manager@bench.test", name: "Manager", role: "manager", passwordHash: "$2b$12$benchbenchbenchbenchbeO0000000000000000000000000000000" } });
  const session = await createSession({ kind: "user", id: user.id }, { rememberMe: false, ip: "127.0.0.1" });
  const ctx = await createContext({ headers: new Headers({ "x-forwarded-for": "10.9.9.9" }), sessionClaims: { sessionId: session.sessionId, accessExpiresAt: session.accessExpiresAt } });
  const caller = createCaller(ctx);

  const form = await caller.forms.create({ name: "Quote request", kind: "card" });
  await caller.forms.updateDraft({
    id: form.id,
    definition: {
      fields: [
        { key: "full_name", type: "short_text", label: "Your name", required: true },
        { key: "email", type: "email", label: "Email", required: true },
        { key: "phone", type: "phone", label: "Phone", required: false },
        { key: "service", type: "single_choice", label: "Service", required: false, options: ["Roof", "Solar"] },
        { key: "budget", type: "number", label: "Budget", required: false },
        { key: "notes", type: "long_text", label: "Anything else?", required: false },
      ],
      rules: [],
    },
  });
  for (let v = 0; v < 3; v++) await caller.forms.publish({ id: form.id });

  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  log(`loading ${CONFIG.submissions.toLocaleString("en-US")} submissions, ${(CONFIG.views + CONFIG.starts).toLocaleString("en-US")} views and starts, their steps, ${CONFIG.unfinishedSessions.toLocaleString("en-US")} unfinished sessions`);
  const load = await loadData(admin, ws.id, form.id);
  log(`loaded in ${load.loadMs} ms: ${JSON.stringify(load)}`);

  const zone = "America/New_York";
  const to = dayKey(new Date(), zone);
  const from = dayKey(new Date(Date.now() - (CONFIG.days - 1) * 86_400_000), zone);
  const input = { formId: form.id, from, to, timeZone: zone };
  const start = parseZonedInput(from, zone)!;
  const end = new Date(parseZonedInput(to, zone)!.getTime() + 86_400_000 + 2 * 3_600_000); // generous: raw reads the same rows
  const params = [ws.id, form.id, zone, start.toISOString(), end.toISOString()];
  const rawPool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
  const rawCall = () =>
    Promise.all([
      rawPool.query(RAW.events, params),
      rawPool.query(RAW.submissions, params),
      rawPool.query(RAW.steps, params),
      rawPool.query(RAW.stops, [...params, [...FIELDS]]),
    ]);

  // The procedure must count what was loaded, or timing it means nothing.
  const check = await caller.forms.analytics(input);
  log(`forms.analytics: ${JSON.stringify(check.total)}; cards ${check.fields.map((f) => `${f.left}`).join(" / ")}`);
  if (check.total.completions !== CONFIG.submissions || check.total.views !== CONFIG.views) throw new Error("the analytics do not count every loaded row");
  // ... and agree with the same figures computed from the raw rows: counts exactly, medians within the histogram's 15%.
  const [rawEvents, rawSubs, rawSteps, rawStops] = (await rawCall()).map((r) => r.rows as Record<string, unknown>[]);
  const problems: string[] = [];
  const near = (a: number | null, b: unknown) => a !== null && b !== null && Math.abs(a - Number(b)) <= 0.15 * Number(b);
  const allEvents = rawEvents!.find((r) => r.dim === "all")!;
  const allSubs = rawSubs!.find((r) => r.dim === "all")!;
  if (check.total.starts !== allEvents.starts) problems.push(`starts ${check.total.starts} vs ${String(allEvents.starts)}`);
  if (!near(check.total.medianMs, allSubs.median)) problems.push(`median ${check.total.medianMs} vs ${String(allSubs.median)}`);
  for (const v of check.byVersion) {
    const e = rawEvents!.find((r) => r.dim === "version" && r.version === v.version);
    const sub = rawSubs!.find((r) => r.dim === "version" && r.version === v.version);
    if (v.views !== e?.views || v.starts !== e?.starts || v.completions !== sub?.completions || !near(v.medianMs, sub?.median)) problems.push(`version ${v.version}: ${JSON.stringify(v)}`);
  }
  for (const u of check.byUtmSource) {
    const e = rawEvents!.find((r) => r.dim === "utm" && r.utm === (u.utmSource ?? ""));
    const sub = rawSubs!.find((r) => r.dim === "utm" && r.utm === (u.utmSource ?? ""));
    if (u.views !== e?.views || u.starts !== e?.starts || u.completions !== sub?.completions || !near(u.medianMs, sub?.median)) problems.push(`source ${u.utmSource}: ${JSON.stringify(u)}`);
  }
  for (const d of check.byDay) {
    const e = rawEvents!.find((r) => r.dim === "day" && r.day === d.day);
    const sub = rawSubs!.find((r) => r.dim === "day" && r.day === d.day);
    if (d.views !== ((e?.views as number) ?? 0) || d.starts !== ((e?.starts as number) ?? 0) || d.completions !== ((sub?.completions as number) ?? 0)) problems.push(`day ${d.day}: ${JSON.stringify(d)}`);
  }
  check.fields.forEach((f, i) => {
    if (f.left !== ((rawSteps!.find((r) => r.fieldKey === f.key)?.left as number) ?? 0)) problems.push(`card ${f.key} left ${f.left}`);
    if (f.stoppedAfter !== ((rawStops!.find((r) => r.idx === i + 1)?.sessions as number) ?? 0)) problems.push(`card ${f.key} stopped ${f.stoppedAfter}`);
  });
  if (check.stoppedBeforeAnswering !== ((rawStops!.find((r) => r.idx === null)?.sessions as number) ?? 0)) problems.push(`stopped before answering ${check.stoppedBeforeAnswering}`);
  if (problems.length) throw new Error(`forms.analytics disagrees with the raw rows: ${problems.slice(0, 8).join("; ")}`);
  log(`checked against the raw rows: totals, ${check.byDay.length} days, ${check.byVersion.length} versions, ${check.byUtmSource.length} sources, ${check.fields.length} cards (medians estimated: ${check.medianEstimated}, total ${check.total.medianMs} ms vs exact ${Math.round(Number(allSubs.median))} ms)`);

  const timed = async (fn: () => Promise<unknown>, n: number, into: number[]) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      into.push(performance.now() - t0);
    }
  };
  await timed(() => caller.forms.analytics(input), CONFIG.warmup, []);
  await timed(rawCall, CONFIG.warmup, []);
  const trpcMs: number[] = [];
  const rawMs: number[] = [];
  const q = CONFIG.calls / 4;
  const loadBefore = os.loadavg();
  await timed(() => caller.forms.analytics(input), q, trpcMs);
  await timed(rawCall, q, rawMs);
  await timed(rawCall, q, rawMs);
  await timed(() => caller.forms.analytics(input), q, trpcMs);
  await timed(() => caller.forms.analytics(input), q, trpcMs);
  await timed(rawCall, q, rawMs);
  await timed(rawCall, q, rawMs);
  await timed(() => caller.forms.analytics(input), q, trpcMs);
  const loadAfter = os.loadavg();

  const t = summarize(trpcMs);
  const r = summarize(rawMs);
  const result = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    load1m: { before: round(loadBefore[0]!, 2), after: round(loadAfter[0]!, 2) },
    data: load,
    range: input,
    analytics: { p50: round(t.p50, 2), p90: round(t.p90, 2), p99: round(t.p99, 2), n: t.n },
    raw: { p50: round(r.p50, 2), p90: round(r.p90, 2), p99: round(r.p99, 2), n: r.n },
    ratioP50: ratio(t.p50, r.p50),
    goalP50Ms: CONFIG.goals.p50Ms,
    goalMet: t.p50 <= CONFIG.goals.p50Ms,
  };
  console.log("");
  console.log(`forms.analytics over ${CONFIG.submissions.toLocaleString("en-US")} submissions (${CONFIG.days} days, all versions, ${zone})`);
  console.log(`  machine: ${result.cpus} cpus, 1-minute load ${result.load1m.before} before / ${result.load1m.after} after`);
  console.log(`  tRPC (createCaller): p50 ${result.analytics.p50} ms  p90 ${result.analytics.p90} ms  p99 ${result.analytics.p99} ms`);
  console.log(`  raw SQL (pg, same 4 statements in parallel): p50 ${result.raw.p50} ms  p90 ${result.raw.p90} ms  p99 ${result.raw.p99} ms`);
  console.log(`  ratio p50 ${result.ratioP50}x; goal p50 <= ${CONFIG.goals.p50Ms} ms: ${result.goalMet ? "met" : "NOT met"}`);
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2));

  await rawPool.end();
  await admin.end();
  await unsafeDb.$disconnect();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
