// `npm run bench:forms`: public forms. (1) Server time of the public form page GET /f/<slug> (a card form of 8 fields
// with a rule) against a page of the same app that reads no data (/forgot-password), same server, same run, ABBA
// blocks: p50 ratio (goal <= 2x). (2) Submissions with 100 visitors at once: each POST /api/public/forms/<slug>/submit
// (own X-Forwarded-For address, own email, render token from 20 s ago), three waves; p50/p99 and the load.
// Needs a build (.next). Own database loctelli_bench_forms (dropped, recreated), Redis BENCH_REDIS_URL (default index
// 11) under a queue prefix of its own. Writes bench/results/forms.json.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { recreateBenchDatabase } from "./database";
import { startServer, type BenchServer } from "./server";
import { ratio, round, summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "forms.json");
const DB_NAME = process.env.BENCH_DATABASE ?? "loctelli_bench_forms";
const PORT = Number(process.env.BENCH_PORT ?? 8107);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/11";
const APP = `http://127.0.0.1:${PORT}`;
const CONFIG = { pageRequestsPerBlock: Number(process.env.BENCH_FORMS_PAGES ?? 50), blocks: 4, visitors: 100, waves: 3 } as const;

Object.assign(process.env, {
  NODE_ENV: "production",
  PORT: String(PORT),
  APP_URL: APP,
  DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`,
  DATABASE_POOL_SIZE: "10",
  REDIS_URL,
  QUEUE_PREFIX: `bench-forms-${randomBytes(4).toString("hex")}`,
  LOG_LEVEL: "warn",
  RUN_MIGRATIONS_ON_START: "false",
  TRUST_PROXY_HOPS: "1",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:forms] ${msg}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
let ipCounter = 0;
const nextIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;

function request(method: string, pathname: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const started = process.hrtime.bigint();
    const req = http.request(
      { host: "127.0.0.1", port: PORT, path: pathname, method, agent, headers: { ...(body ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } : {}), ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

log(`recreating ${DB_NAME}`);
await recreateBenchDatabase(DB_NAME);
const { unsafeDb } = await import("@/server/db/client");
const { encodeRenderToken } = await import("@/server/services/forms/visitor-tokens");
const { seedOnboardingWorkspace } = await import("../prisma/seed");
await seedOnboardingWorkspace();
const workspace = await unsafeDb.subAccount.create({ data: { name: "Bench Forms", slug: `bench-forms-${Date.now()}` } });
const definition = {
  fields: [
    { key: "full_name", type: "short_text", label: "Your name", required: true, mapsTo: { kind: "lead", field: "name" } },
    { key: "email", type: "email", label: "Email", required: true, mapsTo: { kind: "lead", field: "email" } },
    { key: "phone", type: "phone", label: "Phone", required: false, mapsTo: { kind: "lead", field: "phone" } },
    { key: "service", type: "single_choice", label: "Service", required: true, options: ["Roof", "Solar", "Gutters"] },
    { key: "roof_size", type: "number", label: "Roof size", required: false, min: 1, max: 10000, mapsTo: { kind: "custom", key: "roof_size" } },
    { key: "details", type: "long_text", label: "Anything else?", required: false },
    { key: "sms_ok", type: "consent", label: "Texts", required: false, consentText: "I agree to receive texts.", consentChannel: "sms" },
    { key: "source", type: "hidden", label: "Source", required: false, urlParam: "utm_source" },
  ],
  rules: [{ id: "r1", match: "all", conditions: [{ field: "service", operator: "equals", value: "Roof" }], action: { type: "show", field: "roof_size" } }],
};
const slug = `bench-${randomUUID().slice(0, 8)}`;
const form = await unsafeDb.formTemplate.create({ data: { subAccountId: workspace.id, name: "Roof quote", slug, kind: "card", schema: definition, settings: {}, publishedVersion: 1 } });
await unsafeDb.formVersion.create({ data: { subAccountId: workspace.id, formTemplateId: form.id, version: 1, kind: "card", schema: definition, settings: { thankYouMessage: "Thanks!" } } });

const server: BenchServer = startServer(ROOT, { ...process.env }, path.join(ROOT, "bench", "results", "forms-server.log"));
process.once("SIGINT", () => void server.stop().then(() => process.exit(130)));
const watchdog = setTimeout(() => void server.stop().then(() => process.exit(124)), 6 * 60_000);
try {
  for (let i = 0; ; i++) {
    const up = await request("GET", "/status").catch(() => null);
    if (up?.status === 200) break;
    if (i > 600 || server.exited()) throw new Error("the bench server did not start (bench/results/forms-server.log)");
    await new Promise((r) => setTimeout(r, 200));
  }
  const page = `/f/${slug}?utm_source=bench`;
  const stat = "/forgot-password";
  for (const p of [page, stat]) {
    const r = await request("GET", p, { headers: { "X-Forwarded-For": nextIp() } });
    if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
    for (let i = 0; i < 30; i++) await request("GET", p, { headers: { "X-Forwarded-For": nextIp() } }); // warm-up
  }

  // (1) Page server time, sequential, ABBA blocks.
  const loadBefore = os.loadavg();
  const times: Record<"form" | "static", number[]> = { form: [], static: [] };
  const order: ("form" | "static")[] = ["form", "static", "static", "form", "form", "static", "static", "form"].slice(0, CONFIG.blocks * 2) as ("form" | "static")[];
  for (const which of order) {
    for (let i = 0; i < CONFIG.pageRequestsPerBlock; i++) {
      const r = await request("GET", which === "form" ? page : stat, { headers: { "X-Forwarded-For": nextIp() } });
      if (r.status !== 200) throw new Error(`${which}: ${r.status}`);
      times[which].push(r.ms);
    }
  }
  const formPage = summarize(times.form);
  const staticPage = summarize(times.static);

  // (2) 100 visitors submitting at once, in waves.
  const submitTimes: number[] = [];
  const statuses: Record<string, number> = {};
  const perWave: { p50: number; p99: number }[] = [];
  for (let wave = 0; wave < CONFIG.waves; wave++) {
    const results = await Promise.all(
      Array.from({ length: CONFIG.visitors }, async (_, i) => {
        const renderToken = encodeRenderToken({ formId: form.id, version: 1, issuedAtMs: Date.now() - 20_000 });
        const answers = { full_name: `Visitor ${wave}-${i}`, email: `v${wave}-${i}-${randomUUID().slice(0, 6)}@bench.example`, service: "Roof", roof_size: 100 + i, source: "bench" };
        return request("POST", `/api/public/forms/${slug}/submit`, { body: { answers, renderToken, clientSubmissionId: randomUUID(), utmSource: "bench" }, headers: { "X-Forwarded-For": nextIp() } });
      }),
    );
    for (const r of results) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 201) submitTimes.push(r.ms);
    }
    const w = summarize(results.filter((r) => r.status === 201).map((r) => r.ms));
    perWave.push({ p50: round(w.p50), p99: round(w.p99) });
    log(`wave ${wave + 1}: p50 ${round(w.p50)} ms, p99 ${round(w.p99)} ms`);
  }
  const submissions = summarize(submitTimes);
  const loadAfter = os.loadavg();
  const stored = await unsafeDb.formSubmission.count({ where: { formTemplateId: form.id } });
  const result = {
    at: new Date().toISOString(),
    cpus: os.cpus().length,
    load: { before: loadBefore.map((x) => round(x, 2)), after: loadAfter.map((x) => round(x, 2)) },
    formPage: { ...formPage, p50: round(formPage.p50), p99: round(formPage.p99) },
    staticPage: { ...staticPage, p50: round(staticPage.p50), p99: round(staticPage.p99) },
    pageP50Ratio: ratio(formPage.p50, staticPage.p50),
    submissions: { visitorsAtOnce: CONFIG.visitors, waves: CONFIG.waves, statuses, stored, p50: round(submissions.p50), p99: round(submissions.p99), max: round(submissions.max), perWave },
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2));
  log(`form page p50 ${result.formPage.p50} ms vs static page p50 ${result.staticPage.p50} ms: ${result.pageP50Ratio}x (goal <= 2x)`);
  log(`submissions, ${CONFIG.visitors} visitors at once x ${CONFIG.waves}: p50 ${result.submissions.p50} ms, p99 ${result.submissions.p99} ms, statuses ${JSON.stringify(statuses)}, stored ${stored}`);
  log(`load (1/5/15 min) before ${result.load.before.join(" ")}, after ${result.load.after.join(" ")} on ${result.cpus} CPUs`);
} finally {
  clearTimeout(watchdog);
  await server.stop();
  await unsafeDb.$disconnect();
}
