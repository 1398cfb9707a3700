// `npm run bench:slots`: free slots for 30 days of a user with 1,000 bookings, against a raw baseline in the same run
// (the bare SQL fetch, with `pg`, of that user's active bookings in the range). Own database loctelli_bench_slots
// (dropped and recreated), no server, no Redis. Writes bench/results/slots.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { recreateBenchDatabase } from "./database";
import { ratio, round, summarize, type Summary } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "slots.json");
const DB_NAME = "loctelli_bench_slots";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`;
const CONFIG = { bookings: 1_000, days: 30, warmup: 30, runs: 200, targetP50Ms: 20 } as const;
const USER_TIMEZONE = "America/New_York";
const DAY = 86_400_000;
const HALF_HOUR = 1_800_000;

// Set before any app module reads the environment.
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL,
  DATABASE_POOL_SIZE: "5",
  LOG_LEVEL: "warn",
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:slots] ${msg}`);

/** Distinct random half-hour starts across the window (so active bookings never overlap), 1 in 5 cancelled. */
function bookingRows(subAccountId: number, userId: number, windowStart: number) {
  const positions = Array.from({ length: CONFIG.days * 48 }, (_, i) => i);
  for (let i = positions.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [positions[i], positions[j]] = [positions[j]!, positions[i]!];
  }
  return positions.slice(0, CONFIG.bookings).map((p, i) => ({
    subAccountId,
    userId,
    timezone: USER_TIMEZONE,
    startsAt: new Date(windowStart + p * HALF_HOUR),
    endsAt: new Date(windowStart + (p + 1) * HALF_HOUR),
    status: i % 5 === 0 ? ("cancelled" as const) : i % 2 ? ("confirmed" as const) : ("pending" as const),
  }));
}

async function main() {
  const started = Date.now();
  const applied = await recreateBenchDatabase(DB_NAME);
  log(`database ${DB_NAME} recreated (${applied.length} migrations)`);

  const { unsafeDb } = await import("@/server/db/client");
  const { tenantDb } = await import("@/server/db/tenant");
  const { logger } = await import("@/server/logger");
  const { findFreeSlots } = await import("@/server/services/availability/free-slots");
  const { createSession } = await import("@/server/auth/sessions");
  const { createContext } = await import("@/server/api/trpc");
  const { createCaller } = await import("@/server/api/root");

  const { seedOnboardingWorkspace } = await import("../prisma/seed");
  await seedOnboardingWorkspace(); // workspace 1 is the onboarding workspace; ours must be another
  const ws = await unsafeDb.subAccount.create({ data: { name: "Bench slots", slug: `bench-slots-${Date.now()}` } });
  const user = await unsafeDb.user.create({
    data: { subAccountId: ws.id, email: `bench-${Date.now()}@bench.local`, name: "Bench", passwordHash: "x", role: "admin", timezone: USER_TIMEZONE },
  });
  const hours = [["08:00", "20:00"]];
  await unsafeDb.availabilitySchedule.create({
    data: {
      subAccountId: ws.id,
      userId: user.id,
      timezone: USER_TIMEZONE,
      weeklyHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
      slotMinutes: 30,
      bufferBeforeMin: 10,
      bufferAfterMin: 10,
      minNoticeMinutes: 60,
      maxPerDay: 40,
    },
  });
  const windowStart = Math.ceil(Date.now() / DAY) * DAY + DAY;
  const from = new Date(windowStart);
  const to = new Date(windowStart + CONFIG.days * DAY);
  await unsafeDb.booking.createMany({ data: bookingRows(ws.id, user.id, windowStart) });
  await unsafeDb.$executeRawUnsafe('ANALYZE "Booking"');
  const active = await unsafeDb.booking.count({ where: { userId: user.id, status: { in: ["pending", "confirmed"] } } });
  log(`user ${user.id}: ${CONFIG.bookings} bookings (${active} active) in ${CONFIG.days} days from ${from.toISOString()}`);

  const requestId = "bench-slots";
  const ctx = {
    requestId,
    log: logger.child({ requestId }),
    ip: "127.0.0.1",
    userAgent: "bench",
    account: null,
    workspace: { id: ws.id, name: ws.name },
    db: tenantDb(ws.id),
    actingAsAdmin: false,
  };
  const input = { userId: user.id, from, to, timezone: "Europe/London" };
  const session = await createSession({ kind: "user", id: user.id }, { rememberMe: false, ip: "127.0.0.1" });
  const caller = createCaller(
    await createContext({
      headers: new Headers({ "x-forwarded-for": "127.0.0.1" }),
      sessionClaims: { sessionId: session.sessionId, accessExpiresAt: session.accessExpiresAt },
    }),
  );

  const raw = new pg.Client({ connectionString: DATABASE_URL });
  await raw.connect();
  const rawSql = `SELECT "startsAt", "endsAt" FROM "Booking"
    WHERE "subAccountId" = $1 AND "userId" = $2 AND "status" IN ('pending', 'confirmed') AND "startsAt" < $3 AND "endsAt" > $4
    ORDER BY "startsAt"`;
  const baseline = async () => (await raw.query(rawSql, [ws.id, user.id, to, from])).rowCount ?? 0;
  const service = async () => (await findFreeSlots(ctx, input)).slots.length;
  const trpc = async () => (await caller.availability.slots(input)).slots.length;

  const slotCount = await service();
  if (slotCount !== (await trpc())) throw new Error("the service and the tRPC procedure disagree");
  log(`${slotCount} free slots of ${CONFIG.days * 24} candidates; raw fetch returns ${await baseline()} rows`);

  const targets = { service, trpc, baseline } as const;
  const samples: Record<keyof typeof targets, number[]> = { service: [], trpc: [], baseline: [] };
  for (let i = 0; i < CONFIG.warmup; i++) for (const fn of Object.values(targets)) await fn();
  const order = Object.keys(targets) as (keyof typeof targets)[];
  for (let i = 0; i < CONFIG.runs; i++) {
    // Rotate the order so drift in the machine hits every target alike.
    for (let k = 0; k < order.length; k++) {
      const name = order[(i + k) % order.length]!;
      const t0 = performance.now();
      await targets[name]();
      samples[name].push(performance.now() - t0);
    }
  }
  await raw.end();
  await unsafeDb.$disconnect();

  const stats = Object.fromEntries(order.map((n) => [n, summarize(samples[n])])) as Record<keyof typeof targets, Summary>;
  const rounded = (s: Summary) => ({ n: s.n, p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), mean: round(s.mean), max: round(s.max) });
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadavg1m: round(os.loadavg()[0]!, 2),
    setup: { ...CONFIG, userTimezone: USER_TIMEZONE, requestedTimezone: input.timezone, activeBookings: active, freeSlots: slotCount },
    latencyMs: { service: rounded(stats.service), trpc: rounded(stats.trpc), rawBookingsFetch: rounded(stats.baseline) },
    ratio: {
      serviceVsRaw: { p50: ratio(stats.service.p50, stats.baseline.p50), p99: ratio(stats.service.p99, stats.baseline.p99) },
      trpcVsRaw: { p50: ratio(stats.trpc.p50, stats.baseline.p50), p99: ratio(stats.trpc.p99, stats.baseline.p99) },
    },
    targetMet: stats.trpc.p50 <= CONFIG.targetP50Ms && stats.service.p50 <= CONFIG.targetP50Ms,
    durationS: round((Date.now() - started) / 1000, 1),
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  const line = (label: string, s: Summary) => `  ${label.padEnd(34)} p50 ${s.p50.toFixed(2).padStart(7)} ms   p99 ${s.p99.toFixed(2).padStart(7)} ms`;
  console.log(
    [
      "",
      `Free slots, ${CONFIG.days} days, ${CONFIG.bookings} bookings (${CONFIG.runs} runs each, ${results.cpus} CPUs, load ${results.loadavg1m})`,
      line("availability.slots (tRPC caller)", stats.trpc),
      line("findFreeSlots (service)", stats.service),
      line("raw SQL bookings fetch (pg)", stats.baseline),
      `  ratio service/raw p50 ${results.ratio.serviceVsRaw.p50}x, tRPC/raw p50 ${results.ratio.trpcVsRaw.p50}x; target p50 <= ${CONFIG.targetP50Ms} ms: ${results.targetMet ? "met" : "NOT met"}`,
      `Results: ${path.relative(ROOT, RESULTS_FILE)}`,
    ].join("\n"),
  );
  return results.targetMet ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`[bench:slots] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}
process.exit(exitCode);
