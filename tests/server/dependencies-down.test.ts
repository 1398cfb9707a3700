import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startThrowawayPostgres, startThrowawayRedis, type ThrowawayPostgres, type ThrowawayRedis } from "../support/throwaway-services";

/**
 * PostgreSQL or Redis going away under load: every request is either done or answered 503 with a message saying
 * so, never a 500, and nothing is left half-written. These tests stop and start their OWN PostgreSQL cluster and
 * Redis server (temporary directory, free ports); the machine's shared ones keep serving the other test files.
 */
let pg: ThrowawayPostgres;
let redis: ThrowawayRedis;
let app: Awaited<ReturnType<typeof loadApp>>;
let cookie: string;
let workspaceId: number;

async function loadApp() {
  const [{ POST, GET }, { unsafeDb }, errors, factories, sessions, jwt, token, env] = await Promise.all([
    import("@/app/api/trpc/[trpc]/route"),
    import("@/server/db/client"),
    import("@/server/errors"),
    import("../support/factories"),
    import("@/server/auth/sessions"),
    import("next-auth/jwt"),
    import("@/server/auth/session-token"),
    import("@/env"),
  ]);
  return { POST, GET, unsafeDb, errors, factories, sessions, jwt, token, env };
}

beforeAll(async () => {
  pg = await startThrowawayPostgres();
  redis = await startThrowawayRedis();
  Object.assign(process.env, { DATABASE_URL: pg.url, REDIS_URL: redis.url, QUEUE_PREFIX: `test-${randomUUID()}` });
  const { deployMigrations, ensureDatabase } = await import("@/server/db/migrations");
  await ensureDatabase(pg.url);
  await deployMigrations(pg.url);
  app = await loadApp();
  app.env.resetEnvCache();
  const { seedOnboardingWorkspace } = await import("../../prisma/seed");
  await seedOnboardingWorkspace();
  const workspace = await app.factories.createWorkspace("Outage");
  workspaceId = workspace.id;
  const user = await app.factories.createUser({ subAccountId: workspace.id, role: "admin" });
  const session = await app.sessions.createSession({ kind: "user", id: user.id }, { rememberMe: false, ip: "127.0.0.1" });
  const jwt = await app.jwt.encode({
    token: { sid: session.sessionId, accessExpiresAt: Date.now() + 60 * 60_000 },
    secret: app.env.getEnv().JWT_SECRET,
  });
  cookie = `${app.token.sessionCookieName()}=${jwt}`;
}, 120_000);

afterAll(async () => {
  if (app) {
    const [{ closeRedis }, { closeQueues }] = await Promise.all([import("@/server/redis/client"), import("@/server/jobs/queues")]);
    await closeQueues();
    await closeRedis();
    await app.unsafeDb.$disconnect();
  }
  await redis?.stop();
  await pg?.destroy();
});

interface Answer {
  status: number;
  data?: { id: number };
  error?: { message: string; data: { code: string } };
}

async function trpc(method: "GET" | "POST", path: string, input: unknown): Promise<Answer> {
  const headers = { cookie, "content-type": "application/json", "x-forwarded-for": app.factories.uniqueIp() };
  const res =
    method === "POST"
      ? await app.POST(new Request(`http://localhost/api/trpc/${path}`, { method, headers, body: JSON.stringify({ json: input }) }))
      : await app.GET(
          new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers }),
        );
  const body = (await res.json()) as { result?: { data: { json: { id: number } } }; error?: { json: Answer["error"] } };
  return { status: res.status, data: body.result?.data.json, error: body.error?.json };
}

describe("PostgreSQL stopped during a burst of 200 lead creates", () => {
  it("answers each create with the committed lead or 503, and leaves no half-written lead", async () => {
    const TOTAL = 200;
    const CLIENTS = 8;
    const STOP_AFTER = 40; // answers before the stop: the stop lands while creates are in flight
    const DURING = 100; // answers taken while the server is down; the rest go after it is back
    const OUTAGE_MS = 5_000;

    type Phase = "before" | "stopping" | "down" | "after";
    const answers: { email: string; answer: Answer; phase: Phase }[] = [];
    let next = 0;
    let phase: Phase = "before";
    let answeredWhileDown = 0;
    let restarted!: () => void;
    const back = new Promise<void>((resolve) => (restarted = resolve));
    let wentDown!: () => void;
    const down = new Promise<void>((resolve) => (wentDown = resolve));
    let stopped: Promise<void> | undefined;

    const outage = async () => {
      // While pg_ctl shuts the server down (a second or more on a busy machine) the creates in flight meet the stop;
      // new ones wait for it, or the fast refusals of a half-stopped server would use up the burst before "after".
      phase = "stopping";
      await pg.stop();
      phase = "down";
      wentDown();
      const downSince = Date.now();
      // Down for the outage's length, and until the clients have met it with DURING requests.
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (Date.now() - downSince >= OUTAGE_MS && answeredWhileDown >= DURING) {
            clearInterval(check);
            resolve();
          }
        }, 50);
      });
      await pg.start();
      phase = "after";
      restarted();
    };

    const client = async () => {
      while (next < TOTAL) {
        if (phase === "stopping") await down;
        if (phase === "down" && answeredWhileDown >= DURING) await back;
        const email = `burst-${next++}-${randomUUID().slice(0, 8)}@outage.test`;
        const sentIn = phase;
        const answer = await trpc("POST", "leads.create", { name: `Burst ${email.slice(6, 10)}`, email });
        answers.push({ email, answer, phase: sentIn });
        if (phase === "down") answeredWhileDown += 1;
        if (answers.length === STOP_AFTER) stopped = outage();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    await stopped;

    // Every answer is a created lead or a 503 that says the database is unavailable: never a 500.
    const statuses = new Map<number, number>();
    for (const { answer } of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses), "answers by HTTP status").toEqual({ 200: expect.any(Number), 503: expect.any(Number) });
    for (const { answer } of answers.filter((a) => a.answer.status === 503)) {
      expect(answer.error?.message).toBe(app.errors.DATABASE_UNAVAILABLE_MESSAGE);
      expect(answer.error?.data.code).toBe("SERVICE_UNAVAILABLE");
    }
    expect(answers.filter((a) => a.phase === "down").every((a) => a.answer.status === 503)).toBe(true);
    // Once it is back, creates succeed again (a connection the pool held from before may answer 503 once).
    expect(answers.filter((a) => a.phase === "after" && a.answer.status === 200).length).toBeGreaterThan(0);

    // Exactly the answered leads exist, each with its audit record: a 503 left nothing behind.
    const created = answers.filter((a) => a.answer.status === 200);
    const leads = await app.unsafeDb.lead.findMany({ where: { subAccountId: workspaceId }, select: { id: true, email: true } });
    expect(leads.map((l) => l.email).sort()).toEqual(created.map((a) => a.email).sort());
    expect(leads.map((l) => l.id).sort()).toEqual(created.map((a) => a.answer.data!.id).sort());
    const audits = await app.unsafeDb.auditLog.findMany({
      where: { subAccountId: workspaceId, action: "lead.created" },
      select: { targetId: true },
    });
    expect(audits.map((a) => Number(a.targetId)).sort()).toEqual(leads.map((l) => l.id).sort());
  }, 90_000);
});

describe("Redis stopped", () => {
  it("refuses rate-limited calls and job starts with 503, keeps everything else working, and recovers", async () => {
    const queues = await import("@/server/jobs/queues");
    const { QUEUE_UNAVAILABLE_MESSAGE } = queues;
    await redis.stop();
    try {
      // Rate limits fail closed.
      const lookup = await trpc("GET", "onboarding.validateInvitation", { code: "HJKMNPQR" });
      expect(lookup.status).toBe(503);
      expect(lookup.error?.data.code).toBe("SERVICE_UNAVAILABLE");

      // Starting a job needs the queue: 503 at once (not a hang, not a 500), and no export is left that no job will make.
      const started = await trpc("POST", "exports.create", { datasets: ["leads"], format: "csv" });
      expect(started.status).toBe(503);
      expect(started.error?.message).toBe(QUEUE_UNAVAILABLE_MESSAGE);
      expect(await app.unsafeDb.dataExport.count({ where: { subAccountId: workspaceId } })).toBe(0);

      // What does not need Redis keeps working.
      const lead = await trpc("POST", "leads.create", { name: "Without Redis", email: `${randomUUID()}@outage.test` });
      expect(lead.status).toBe(200);
    } finally {
      await redis.start();
    }

    // Back: the same calls succeed once the clients have reconnected.
    const { redisReady } = await import("@/server/redis/client");
    await redisReady(10_000);
    const { getQueue } = queues;
    const queue = getQueue("default");
    while (!(await queue.count().then(() => true, () => false))) await new Promise((r) => setTimeout(r, 50));
    // An unknown code is a plain refusal again, not 503.
    expect((await trpc("GET", "onboarding.validateInvitation", { code: "HJKMNPQR" })).status).toBe(400);
    expect((await trpc("POST", "exports.create", { datasets: ["leads"], format: "csv" })).status).toBe(200);
  }, 60_000);
});
