/**
 * Export bench: 100,000 leads of one workspace to CSV through the data-export processor function (not BullMQ)
 * into a temporary filesystem storage, against streaming the same rows with a plain pg cursor. See bench/README.md.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { recreateBenchDatabase } from "./database";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "exports.json");
const DB_NAME = "loctelli_bench_exports";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const CONFIG = { leads: 100_000, runs: 3, goalMs: 5_000, cursorBatch: 2_000 } as const;
const STORAGE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "loctelli-bench-exports-"));

// Set before any app module reads the environment.
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL,
  DATABASE_POOL_SIZE: "5",
  LOG_LEVEL: "warn",
  STORAGE_DIR,
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:exports] ${msg}`);
const round = (n: number) => Math.round(n * 10) / 10;
const MB = 1024 * 1024;

/** The same columns the export writes, fetched through a server-side cursor in batches: the floor. */
async function rawCursorMs(client: pg.Client, subAccountId: number): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  let rows = 0;
  await client.query("BEGIN");
  await client.query(
    `DECLARE bench_leads NO SCROLL CURSOR FOR
     SELECT l.id, l.name, l.email, l.phone, l.company, l.position, l."customId", l.source, l.status, l.timezone,
            u.name AS owner, l."lastMessageAt", l."archivedAt", l."createdAt", l."updatedAt"
       FROM "Lead" l LEFT JOIN "User" u ON u."subAccountId" = l."subAccountId" AND u.id = l."ownerId"
      WHERE l."subAccountId" = $1 ORDER BY l.id`,
    [subAccountId],
  );
  for (;;) {
    const batch = await client.query(`FETCH ${CONFIG.cursorBatch} FROM bench_leads`);
    rows += batch.rowCount ?? 0;
    if ((batch.rowCount ?? 0) < CONFIG.cursorBatch) break;
  }
  await client.query("COMMIT");
  return { ms: performance.now() - started, rows };
}

async function main() {
  const applied = await recreateBenchDatabase(DB_NAME);
  log(`database ${DB_NAME} recreated (${applied.length} migrations)`);
  const { unsafeDb } = await import("@/server/db/client");
  const { getStorage } = await import("@/server/integrations/storage");
  const { workspaceKey } = await import("@/server/integrations/storage/workspace-files");
  const { runDataExport } = await import("@/server/services/exports/run-data-export");
  const { workspaceContextFor } = await import("@/server/context");
  const { logger } = await import("@/server/logger");

  const ws = await unsafeDb.subAccount.create({ data: { name: "Bench exports", slug: `bench-exports-${Date.now()}` } });
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const seedStarted = performance.now();
    await client.query(
      `INSERT INTO "Lead" ("subAccountId", name, email, phone, company, source, status, "createdAt", "updatedAt")
       SELECT $1, 'Lead ' || g, 'lead' || g || '@bench.test', '+1415' || lpad((5550000 + g)::text, 7, '0'),
              'Company ' || (g % 500), 'bench', (ARRAY['new','contacted','qualified','lost']::"LeadStatus"[])[1 + g % 4],
              now() - (g || ' minutes')::interval, now()
         FROM generate_series(1, $2::int) g`,
      [ws.id, CONFIG.leads],
    );
    await client.query(`ANALYZE "Lead"`);
    log(`${CONFIG.leads} leads inserted in ${Math.round(performance.now() - seedStarted)} ms`);

    const storage = getStorage();
    const exportMs: number[] = [];
    const rawMs: number[] = [];
    let peakRss = process.memoryUsage().rss;
    let peakHeap = process.memoryUsage().heapUsed;
    const baselineRss = peakRss;
    let last: { rowCount: number; sizeBytes: number } | null = null;
    for (let run = 0; run < CONFIG.runs; run++) {
      const raw = await rawCursorMs(client, ws.id);
      if (raw.rows !== CONFIG.leads) throw new Error(`raw cursor saw ${raw.rows} rows`);
      rawMs.push(raw.ms);

      const fileName = `leads-bench-${run}.csv`;
      const row = await unsafeDb.dataExport.create({
        data: {
          subAccountId: ws.id, datasets: ["leads"], format: "csv", fileName, storageKey: workspaceKey(ws.id, "exports", fileName),
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      });
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 10);
      const started = performance.now();
      let lastProgress = 0;
      const ctx = workspaceContextFor({ requestId: `bench-export-${run}`, log: logger, ip: "bench", userAgent: null }, ws);
      last = await runDataExport({ ...ctx, isFinalAttempt: true, reportProgress: (p) => (lastProgress = p) }, { exportId: row.id, storage });
      exportMs.push(performance.now() - started);
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (last.rowCount !== CONFIG.leads || lastProgress !== 100) throw new Error(`export wrote ${last.rowCount} rows, progress ${lastProgress}`);
      log(`run ${run + 1}: export ${Math.round(exportMs.at(-1)!)} ms, raw cursor ${Math.round(raw.ms)} ms`);
    }
    const best = (xs: number[]) => Math.min(...xs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const result = {
      date: new Date().toISOString(),
      leads: CONFIG.leads,
      runs: CONFIG.runs,
      exportMs: { median: round(median(exportMs)), best: round(best(exportMs)), all: exportMs.map(round) },
      rawCursorMs: { median: round(median(rawMs)), best: round(best(rawMs)), all: rawMs.map(round) },
      ratioMedian: round(median(exportMs) / median(rawMs)),
      goalMs: CONFIG.goalMs,
      goalMet: median(exportMs) <= CONFIG.goalMs,
      csvBytes: last?.sizeBytes ?? 0,
      rssMb: { beforeExports: round(baselineRss / MB), peak: round(peakRss / MB) },
      peakHeapUsedMb: round(peakHeap / MB),
      loadAverage1m: round(os.loadavg()[0]!),
    };
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2) + "\n");
    console.table({
      export: { medianMs: result.exportMs.median, bestMs: result.exportMs.best },
      rawCursor: { medianMs: result.rawCursorMs.median, bestMs: result.rawCursorMs.best },
    });
    log(`ratio ${result.ratioMedian}x, goal <= ${CONFIG.goalMs} ms ${result.goalMet ? "met" : "MISSED"}, peak RSS ${result.rssMb.peak} MB (heap used ${result.peakHeapUsedMb} MB), CSV ${round(result.csvBytes / MB)} MB`);
  } finally {
    await client.end();
    await unsafeDb.$disconnect();
    fs.rmSync(STORAGE_DIR, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
