/**
 * Campaign bench (bench/README.md, "Campaigns"): a workspace of 10,000 leads (200 of them skipped: 100 without a
 * phone, 100 sharing a number), then
 *   1. time to schedule every recipient: campaigns.create's service (audience classified, one INSERT ... SELECT),
 *      against the raw floor measured in the same run: a bare `INSERT INTO "CampaignRecipient" SELECT ... FROM
 *      "Lead"` of the same leads, no classification, no checks (ABAB, 4 rounds each; goal <= 5 s);
 *   2. the send rate: a campaign sent now through a real worker process (`tsx worker/index.ts`, local outbox driver,
 *      one sending number at CONFIG.messagesPerSecond, quiet hours off), the rate measured on the outbox's timestamps
 *      over CONFIG.measureMs of steady sending, against the number's configured rate (goal: within 5%).
 * Prints the machine's load average before and after.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { recreateBenchDatabase } from "./database";
import { startServer, type BenchServer } from "./server";
import { ratio, round, summarize } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "campaigns.json");
const WORKER_LOG = path.join(ROOT, "bench", "results", "campaigns-worker.log");
const DB_NAME = "loctelli_bench_campaigns";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const REDIS_URL = "redis://127.0.0.1:6379/14";
const CONFIG = { leads: 10_000, rounds: 4, scheduleGoalMs: 5_000, messagesPerSecond: 10, measureMs: 20_000, warmupMessages: 5, rateTolerance: 0.05 } as const;

const benchEnv = {
  NODE_ENV: "production" as const,
  DATABASE_URL,
  DATABASE_POOL_SIZE: "5",
  REDIS_URL,
  QUEUE_PREFIX: "bench-campaigns",
  LOG_LEVEL: "warn",
  APP_URL: "http://127.0.0.1:8271",
  RUN_MIGRATIONS_ON_START: "false",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};
Object.assign(process.env, benchEnv);

const log = (msg: string) => console.log(`[bench:campaigns] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => os.loadavg().map((n) => round(n, 2));

async function startWorkerProcess(): Promise<BenchServer> {
  const worker = startServer(ROOT, { ...process.env, ...benchEnv, LOG_LEVEL: "info" }, WORKER_LOG, "worker/index.ts");
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(WORKER_LOG) || !fs.readFileSync(WORKER_LOG, "utf8").includes('"worker ready"')) {
    if (worker.exited()) throw new Error(`the worker exited at start; see ${WORKER_LOG}`);
    if (Date.now() > deadline) throw new Error(`the worker was not ready after 60 s; see ${WORKER_LOG}`);
    await sleep(100);
  }
  return worker;
}

async function main() {
  const loadBefore = load();
  const applied = await recreateBenchDatabase(DB_NAME);
  log(`database ${DB_NAME} recreated (${applied.length} migrations); load before ${loadBefore.join(" / ")}`);
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  await redis.quit();

  const { unsafeDb } = await import("@/server/db/client");
  const { tenantDb } = await import("@/server/db/tenant");
  const { logger } = await import("@/server/logger");
  const { closeQueues } = await import("@/server/jobs/queues");
  const { closeRedis } = await import("@/server/redis/client");
  const { createCampaign } = await import("@/server/services/campaigns/create-campaign");
  const { cancelCampaign } = await import("@/server/services/campaigns/manage-campaigns");

  // Quiet hours off, so the bench measures the sending rate at any hour; one sending number at the configured rate.
  const ws = await unsafeDb.subAccount.create({
    data: {
      name: "Bench campaigns",
      slug: `bench-campaigns-${Date.now()}`,
      settings: { timezone: "America/New_York", sms: { quietHours: { enabled: false, start: "21:00", end: "08:00" } } },
    },
  });
  await unsafeDb.smsNumber.create({ data: { subAccountId: ws.id, phoneNumber: "+14155550100", messagesPerSecond: CONFIG.messagesPerSecond } });
  const ctx = { requestId: "bench", log: logger, ip: "127.0.0.1", userAgent: null, account: null, workspace: { id: ws.id, name: ws.name }, db: tenantDb(ws.id), actingAsAdmin: false };
  await unsafeDb.$executeRaw`INSERT INTO "Lead" ("subAccountId", name, phone, email, "updatedAt")
    SELECT ${ws.id}, 'Lead ' || g || ' Person',
      CASE WHEN g % 100 = 0 THEN NULL WHEN g % 100 = 50 THEN '+1 415-' || substr((2010000 + g - 1)::text, 2, 3) || '-' || substr((2010000 + g - 1)::text, 4)
           ELSE '+1415' || (2010000 + g)::text END,
      'lead' || g || '@bench.test', now()
    FROM generate_series(1, ${CONFIG.leads}::int) g`;
  log(`${CONFIG.leads.toLocaleString("en-US")} leads written`);

  const audience = { kind: "filters" as const, filters: {} };
  const scheduleMs: number[] = [];
  const rawMs: number[] = [];
  let recipients = 0;
  let skipped = 0;
  for (let round_ = 0; round_ < CONFIG.rounds; round_++) {
    let started = performance.now();
    const created = await createCampaign(ctx, { name: `Bench ${round_}`, body: "Hi {{lead.firstName}}, this is {{workspace.name}}.", audience, sendAt: "2035-01-01T10:00" });
    scheduleMs.push(performance.now() - started);
    recipients = created.totalRecipients;
    skipped = created.skippedRecipients;
    await cancelCampaign(ctx, { id: created.id });

    const floor = await unsafeDb.campaign.create({ data: { subAccountId: ws.id, name: "Raw floor", body: "x", status: "cancelled", scheduledAt: new Date(), timezone: "UTC", audience: {} } });
    started = performance.now();
    await unsafeDb.$executeRaw`INSERT INTO "CampaignRecipient" ("subAccountId", "campaignId", "leadId", phone)
      SELECT l."subAccountId", ${floor.id}, l.id, l.phone FROM "Lead" l WHERE l."subAccountId" = ${ws.id} AND l."archivedAt" IS NULL`;
    rawMs.push(performance.now() - started);
  }
  const schedule = summarize(scheduleMs);
  const raw = summarize(rawMs);
  log(`schedule ${recipients} recipients (${skipped} skipped): p50 ${round(schedule.p50, 0)} ms (max ${round(schedule.max, 0)}) vs raw INSERT ... SELECT p50 ${round(raw.p50, 0)} ms: ${ratio(schedule.p50, raw.p50)}x; goal <= ${CONFIG.scheduleGoalMs} ms ${schedule.max <= CONFIG.scheduleGoalMs ? "met" : "MISSED"}`);

  // The send rate, through a real worker process.
  const configuredRate = CONFIG.messagesPerSecond;
  let worker: BenchServer | undefined;
  let rate = Number.NaN;
  let measured = 0;
  const waiting: number[] = [];
  try {
    worker = await startWorkerProcess();
    const campaign = await createCampaign(ctx, { name: "Bench send", body: "Hi {{lead.firstName}}, this is {{workspace.name}}.", audience, sendAt: "now" });
    const outboxTimes = () =>
      unsafeDb.outboxMessage.findMany({ where: { subAccountId: ws.id }, select: { createdAt: true }, orderBy: { id: "asc" } });
    // Steady state: from the warm-up's last send, for measureMs.
    let times = await outboxTimes();
    while (times.length < CONFIG.warmupMessages) {
      if (worker.exited()) throw new Error(`the worker exited; see ${WORKER_LOG}`);
      await sleep(100);
      times = await outboxTimes();
    }
    // Meanwhile, how many texts wait in the send path: never 0 means the dispatcher kept the sender fed, so the rate
    // measured is the send path's own.
    const measureEnd = Date.now() + CONFIG.measureMs;
    while (Date.now() < measureEnd) {
      waiting.push(await unsafeDb.message.count({ where: { subAccountId: ws.id, status: { in: ["queued", "sending"] } } }));
      await sleep(500);
    }
    times = await outboxTimes();
    const steady = times.slice(CONFIG.warmupMessages - 1).map((t) => t.createdAt.getTime());
    measured = steady.length - 1;
    rate = measured / ((steady.at(-1)! - steady[0]!) / 1000);
    await cancelCampaign(ctx, { id: campaign.id });
  } finally {
    await worker?.stop();
  }
  const deviation = rate / configuredRate - 1;
  const loadAfter = load();
  log(`send rate ${round(rate, 2)} msg/s over ${measured} messages vs configured ${configuredRate} msg/s: ${round(deviation * 100, 1)}%; goal within ${CONFIG.rateTolerance * 100}% ${Math.abs(deviation) <= CONFIG.rateTolerance ? "met" : "MISSED"}`);
  log(`texts waiting in the send path while measured: min ${Math.min(...waiting)}, max ${Math.max(...waiting)} (0 would mean the dispatcher starved the sender)`);
  log(`load after ${loadAfter.join(" / ")} (${os.cpus().length} CPUs)`);

  const result = {
    date: new Date().toISOString(),
    leads: CONFIG.leads,
    recipients,
    skipped,
    scheduleMs: { p50: round(schedule.p50, 1), max: round(schedule.max, 1), samples: scheduleMs.map((x) => round(x, 1)) },
    rawInsertSelectMs: { p50: round(raw.p50, 1), samples: rawMs.map((x) => round(x, 1)) },
    scheduleRatio: ratio(schedule.p50, raw.p50),
    scheduleGoalMet: schedule.max <= CONFIG.scheduleGoalMs,
    sendRate: { configuredPerSecond: configuredRate, measuredPerSecond: round(rate, 3), messages: measured, deviationPct: round(deviation * 100, 1), goalMet: Math.abs(deviation) <= CONFIG.rateTolerance, waitingInSendPath: { min: Math.min(...waiting), max: Math.max(...waiting) } },
    loadAverage: { before: loadBefore, after: loadAfter, cpus: os.cpus().length },
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2) + "\n");
  await closeQueues();
  await closeRedis();
  await unsafeDb.$disconnect();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
