/**
 * Import bench: a 100,000-row CSV imported end to end (signed upload through the file route, imports.create and
 * imports.start through a tRPC caller, the analysis and import jobs run by a real worker process `tsx
 * worker/index.ts`), from the start of the upload to the import's completed status, against `COPY ... FROM STDIN`
 * of the same file into a bare table. See bench/README.md.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { recreateBenchDatabase } from "./database";
import { from as copyFrom } from "pg-copy-streams";
import { Redis } from "ioredis";
import { startServer, type BenchServer } from "./server";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "imports.json");
const WORKER_LOG = path.join(ROOT, "bench", "results", "imports-worker.log");
const DB_NAME = "loctelli_bench_imports";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const REDIS_URL = "redis://127.0.0.1:6379/9";
const CONFIG = { rows: 100_000, goalMs: 10_000, pollMs: 20, timeoutMs: 300_000 } as const;
const WORK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "loctelli-bench-imports-"));
const STORAGE_DIR = path.join(WORK_DIR, "storage");
const CSV_FILE = path.join(WORK_DIR, "leads.csv");

// Set before any app module reads the environment; the worker process gets the same.
const benchEnv = {
  NODE_ENV: "production" as const,
  DATABASE_URL,
  DATABASE_POOL_SIZE: "5",
  REDIS_URL,
  QUEUE_PREFIX: "bench-imports",
  LOG_LEVEL: "warn",
  STORAGE_DIR,
  APP_URL: "http://127.0.0.1:8300",
  RUN_MIGRATIONS_ON_START: "false",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};
Object.assign(process.env, benchEnv);

const log = (msg: string) => console.log(`[bench:imports] ${msg}`);
const round = (n: number) => Math.round(n * 10) / 10;
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * name, email, phone, company, position, notes. Emails and phones are unique; about 3% of the rows are bad
 * (every 40th a short phone, every 50th a malformed email, every 250th no name), 4.4% of the rows, so the report has 4,400 lines.
 */
function writeCsv(file: string): { bytes: number; badRows: number } {
  const out = fs.openSync(file, "w");
  const formats = [
    (e: string, l: string) => `(415) ${e}-${l}`,
    (e: string, l: string) => `+1 415-${e}-${l}`,
    (e: string, l: string) => `415.${e}.${l}`,
  ];
  let chunk = "Full Name,Email,Phone,Company,Job Title,Notes\n";
  let bytes = 0;
  let badRows = 0;
  for (let i = 1; i <= CONFIG.rows; i++) {
    const exchange = String(201 + Math.floor(i / 10_000));
    const line = String(i % 10_000).padStart(4, "0");
    let name = `Lead ${i} Person`;
    let email = `lead${i}@bench-import.test`;
    let phone = formats[i % 3]!(exchange, line);
    if (i % 40 === 0) phone = `${i % 1000}`;
    else if (i % 50 === 0) email = `lead${i}-at-bench-import.test`;
    else if (i % 250 === 125) name = "";
    if (i % 40 === 0 || i % 50 === 0 || i % 250 === 125) badRows++;
    const notes = i % 5 === 0 ? `"Met at the fair, wants a quote for job ${i}"` : "";
    chunk += `${name},${email},${phone},Company ${i % 500},${i % 3 ? "Owner" : "Office manager"},${notes}\n`;
    if (chunk.length > 1 << 20) {
      bytes += fs.writeSync(out, chunk);
      chunk = "";
    }
  }
  bytes += fs.writeSync(out, chunk);
  fs.closeSync(out);
  return { bytes, badRows };
}

/** The floor: the same file streamed into a bare table of text columns with COPY, no validation at all. */
async function copyMs(client: pg.Client): Promise<{ ms: number; rows: number }> {
  await client.query(`DROP TABLE IF EXISTS bench_copy`);
  await client.query(`CREATE TABLE bench_copy (name text, email text, phone text, company text, position text, notes text)`);
  const started = performance.now();
  await pipeline(fs.createReadStream(CSV_FILE), client.query(copyFrom(`COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  const ms = performance.now() - started;
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench_copy`);
  return { ms, rows: rows[0]!.n };
}

async function startWorkerProcess(): Promise<BenchServer> {
  const worker = startServer(ROOT, { ...process.env, ...benchEnv, LOG_LEVEL: "info" }, WORKER_LOG, "worker/index.ts");
  const deadline = Date.now() + 60_000;
  while (!fs.readFileSync(WORKER_LOG, "utf8").includes('"worker ready"')) {
    if (worker.exited()) throw new Error(`the worker exited at start; see ${WORKER_LOG}`);
    if (Date.now() > deadline) throw new Error(`the worker was not ready after 60 s; see ${WORKER_LOG}`);
    await sleep(100);
  }
  return worker;
}

async function main() {
  const applied = await recreateBenchDatabase(DB_NAME);
  log(`database ${DB_NAME} recreated (${applied.length} migrations)`);
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  await redis.quit();

  const generated = performance.now();
  const csv = writeCsv(CSV_FILE);
  log(`${CONFIG.rows.toLocaleString("en-US")}-row CSV written (${round(csv.bytes / MB)} MB, ${csv.badRows} bad rows) in ${Math.round(performance.now() - generated)} ms`);

  const { unsafeDb } = await import("@/server/db/client");
  const { createSession } = await import("@/server/auth/sessions");
  const { createContext } = await import("@/server/api/trpc");
  const { createCaller } = await import("@/server/api/root");
  const { receiveSignedUpload } = await import("@/server/integrations/storage/file-route");
  const { closeQueues } = await import("@/server/jobs/queues");
  const { closeRedis } = await import("@/server/redis/client");
  const { seedOnboardingWorkspace } = await import("../prisma/seed");

  await seedOnboardingWorkspace(); // workspace #1 is the onboarding placeholder, not a real workspace
  const ws = await unsafeDb.subAccount.create({ data: { name: "Bench imports", slug: `bench-imports-${Date.now()}`, settings: { defaultRegion: "US" } } });
  const passwordHash = "$2b$12$benchbenchbenchbenchbeO0000000000000000000000000000000"; // never used to sign in
  const user = await unsafeDb.user.create({ data: { subAccountId: ws.id, email: "importer@bench.test", name: "Importer", role: "manager", passwordHash } });
  const session = await createSession({ kind: "user", id: user.id }, { rememberMe: false, ip: "127.0.0.1" });
  const ctx = await createContext({
    headers: new Headers({ "x-forwarded-for": "10.9.9.9" }),
    sessionClaims: { sessionId: session.sessionId, accessExpiresAt: session.accessExpiresAt },
  });
  const caller = createCaller(ctx);

  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  let worker: BenchServer | null = null;
  try {
    const copyBefore = await copyMs(client);
    if (copyBefore.rows !== CONFIG.rows) throw new Error(`COPY loaded ${copyBefore.rows} rows`);
    log(`COPY (before): ${Math.round(copyBefore.ms)} ms`);

    worker = await startWorkerProcess();
    const workerPid = worker.serverPid();
    log(`worker ready (node pid ${workerPid}, RSS ${round((worker.rssKb() ?? 0) / 1024)} MB)`);
    const statusOf = async (id: number) =>
      (await client.query<{ status: string; error: string | null }>(`SELECT status, error FROM "LeadImport" WHERE id = $1`, [id])).rows[0]!;
    const waitWhile = async (id: number, transient: string[]) => {
      const deadline = Date.now() + CONFIG.timeoutMs;
      for (;;) {
        const row = await statusOf(id);
        if (!transient.includes(row.status)) return row;
        if (Date.now() > deadline || worker!.exited()) throw new Error(`import ${id} still ${row.status}; see ${WORKER_LOG}`);
        await sleep(CONFIG.pollMs);
      }
    };
    let peakWorkerRssKb = worker.rssKb() ?? 0;
    const sampler = setInterval(() => (peakWorkerRssKb = Math.max(peakWorkerRssKb, worker!.rssKb() ?? 0)), 50);

    // End to end: the browser's three calls, the analysis job, the user's start, the import job.
    const t0 = performance.now();
    const body = fs.readFileSync(CSV_FILE);
    const { key, upload } = await caller.imports.createUpload({ fileName: "bench-leads.csv", contentType: "text/csv", size: body.length });
    const put = await receiveSignedUpload(
      new Request(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(body) }),
      new URL(upload.url).pathname.replace(/^\/api\/files\//, "").split("/"),
    );
    if (put.status !== 200) throw new Error(`upload refused: ${put.status} ${await put.text()}`);
    const created = await caller.imports.create({ key, fileName: "bench-leads.csv" });
    const tUploaded = performance.now();
    const analysed = await waitWhile(created.id, ["analyzing"]);
    if (analysed.status !== "ready") throw new Error(`analysis ended ${analysed.status}: ${analysed.error}`);
    const tReady = performance.now();
    const ready = await caller.imports.get({ id: created.id });
    await caller.imports.start({ id: created.id, mapping: ready.mapping as Record<string, string>, duplicateMode: "skip" });
    const done = await waitWhile(created.id, ["queued", "running"]);
    const tDone = performance.now();
    clearInterval(sampler);
    if (done.status !== "completed") throw new Error(`import ended ${done.status}: ${done.error}`);

    const record = await caller.imports.get({ id: created.id });
    const leads = await unsafeDb.lead.count({ where: { subAccountId: ws.id } });
    const accounted = record.createdCount + record.updatedCount + record.skippedCount + record.errorCount;
    if (record.totalRows !== CONFIG.rows || accounted !== CONFIG.rows || leads !== record.createdCount || record.errorCount !== csv.badRows) {
      throw new Error(`counts do not add up: ${JSON.stringify({ accounted, leads, ...record, previewRows: undefined })}`);
    }
    const workerPeakKb = worker.peakRssKb() ?? 0;
    log(`import: upload ${Math.round(tUploaded - t0)} ms, analysis ${Math.round(tReady - tUploaded)} ms, import job ${Math.round(tDone - tReady)} ms`);

    const copyAfter = await copyMs(client);
    log(`COPY (after): ${Math.round(copyAfter.ms)} ms`);
    const importMs = tDone - t0;
    const copyMean = (copyBefore.ms + copyAfter.ms) / 2;
    const result = {
      date: new Date().toISOString(),
      rows: CONFIG.rows,
      csvMb: round(csv.bytes / MB),
      importMs: {
        endToEnd: round(importMs),
        upload: round(tUploaded - t0),
        analysis: round(tReady - tUploaded),
        importJob: round(tDone - tReady),
      },
      copyMs: { before: round(copyBefore.ms), after: round(copyAfter.ms), mean: round(copyMean) },
      ratio: round(importMs / copyMean),
      rowsPerSecond: Math.round(CONFIG.rows / (importMs / 1000)),
      goalMs: CONFIG.goalMs,
      goalMet: importMs <= CONFIG.goalMs,
      counts: { created: record.createdCount, updated: record.updatedCount, skipped: record.skippedCount, notImported: record.errorCount },
      worker: {
        process: "tsx worker/index.ts (child process; the node process tsx runs)",
        peakRssMb: round(workerPeakKb / 1024),
        sampledPeakRssMb: round(peakWorkerRssKb / 1024),
      },
      benchProcessRssMb: round(process.memoryUsage().rss / MB),
      loadAverage1m: round(os.loadavg()[0]!),
    };
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2) + "\n");
    console.table({
      import: { ms: result.importMs.endToEnd, rowsPerSecond: result.rowsPerSecond },
      copy: { ms: result.copyMs.mean, rowsPerSecond: Math.round(CONFIG.rows / (copyMean / 1000)) },
    });
    log(
      `import ${round(importMs / 1000)} s vs COPY ${round(copyMean / 1000)} s: ratio ${result.ratio}x, goal <= ${CONFIG.goalMs / 1000} s ${result.goalMet ? "met" : "MISSED"}; worker peak RSS (VmHWM) ${result.worker.peakRssMb} MB; load ${result.loadAverage1m}`,
    );
  } finally {
    await worker?.stop();
    await client.end();
    await closeQueues();
    await closeRedis();
    await unsafeDb.$disconnect();
    fs.rmSync(WORK_DIR, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
