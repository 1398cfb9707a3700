import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueueEvents } from "bullmq";
import { z } from "zod";

// A queue namespace of this file's own: a real worker on the same Redis never sees these jobs.
process.env.QUEUE_PREFIX = `test-${randomUUID()}`;
(await import("@/env")).resetEnvCache();

const { unsafeDb } = await import("@/server/db/client");
const { createBullConnection, closeRedis } = await import("@/server/redis/client");
const { AppError } = await import("@/server/errors");
const { enqueue } = await import("@/server/jobs/enqueue");
const { defineJob } = await import("@/server/jobs/define");
const { closeQueues, getQueue, queuePrefix } = await import("@/server/jobs/queues");
const { cleanupExpiredSessionsJob } = await import("@/server/jobs/cleanup-expired-sessions");
const { registerSchedulers } = await import("@/server/jobs/schedulers");
const { startWorker } = await import("../../worker/start");

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

async function createAccounts() {
  const tag = randomUUID();
  const subAccount = await unsafeDb.subAccount.create({ data: { name: `ws ${tag}`, slug: `ws-${tag}` } });
  const user = await unsafeDb.user.create({
    data: { subAccountId: subAccount.id, email: `user-${tag}@test.local`, name: "User", passwordHash: "not-a-hash" },
  });
  const admin = await unsafeDb.platformAdmin.create({
    data: { email: `admin-${tag}@test.local`, name: "Admin", passwordHash: "not-a-hash" },
  });
  return { tag, subAccount, user, admin };
}

afterAll(async () => {
  for (const name of ["default", "messaging", "ai"] as const) {
    await getQueue(name).obliterate({ force: true }).catch(() => {});
  }
  await closeQueues();
  await closeRedis();
  await unsafeDb.$disconnect();
});

describe("cleanup-expired-sessions through BullMQ", () => {
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let events: InstanceType<typeof QueueEvents>;

  beforeAll(async () => {
    worker = await startWorker({ schedulers: false });
    events = new QueueEvents("default", { connection: createBullConnection(), prefix: queuePrefix() });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await worker?.close();
  });

  it("deletes exactly the expired sessions, decayed lockouts and old login attempts", async () => {
    const { tag, user, admin } = await createAccounts();
    const session = (data: { expiresAt: Date; revokedAt?: Date }, owner: "user" | "admin" = "user") =>
      unsafeDb.authSession.create({
        data: {
          accountKind: owner,
          ...(owner === "user" ? { userId: user.id } : { adminId: admin.id }),
          expiresAt: data.expiresAt,
          revokedAt: data.revokedAt,
          refreshTokens: { create: { tokenHash: randomUUID(), expiresAt: data.expiresAt } },
        },
      });
    const expired = await session({ expiresAt: ago(HOUR) });
    const expiredAdmin = await session({ expiresAt: ago(1_000) }, "admin");
    const revokedLongAgo = await session({ expiresAt: ahead(DAY), revokedAt: ago(DAY + HOUR) });
    const live = await session({ expiresAt: ahead(DAY) });
    const liveAdmin = await session({ expiresAt: ahead(HOUR) }, "admin");
    const revokedRecently = await session({ expiresAt: ahead(DAY), revokedAt: ago(HOUR) });

    const lockout = (subject: string, data: { lockedUntil?: Date | null; lastFailureAt?: Date | null }) =>
      unsafeDb.accountLockout.create({
        data: { subjectType: "account", subject: `${subject}-${tag}`, failureCount: 3, ...data },
      });
    const decayed = await lockout("decayed", { lockedUntil: ago(DAY), lastFailureAt: ago(DAY + HOUR) });
    const decayedUnlocked = await lockout("decayed-unlocked", { lockedUntil: null, lastFailureAt: ago(2 * DAY) });
    const stillLocked = await lockout("still-locked", { lockedUntil: ahead(HOUR), lastFailureAt: ago(2 * DAY) });
    const recentFailure = await lockout("recent", { lockedUntil: ago(HOUR), lastFailureAt: ago(2 * HOUR) });

    const attempt = (createdAt: Date) =>
      unsafeDb.loginAttempt.create({
        data: { accountKind: "user", email: `user-${tag}@test.local`, success: false, userId: user.id, createdAt },
      });
    const oldAttempt = await attempt(ago(91 * DAY));
    const recentAttempt = await attempt(ago(89 * DAY));

    const job = await enqueue(cleanupExpiredSessionsJob, {});
    const result = (await job.waitUntilFinished(events, 15_000)) as {
      sessions: number;
      lockouts: number;
      loginAttempts: number;
    };
    // Other test files may leave expired rows of their own: counts are at least ours.
    expect(result.sessions).toBeGreaterThanOrEqual(3);
    expect(result.lockouts).toBeGreaterThanOrEqual(2);
    expect(result.loginAttempts).toBeGreaterThanOrEqual(1);

    const sessionIds = (ids: string[]) =>
      unsafeDb.authSession.findMany({ where: { id: { in: ids } }, select: { id: true } });
    expect(await sessionIds([expired.id, expiredAdmin.id, revokedLongAgo.id])).toEqual([]);
    expect((await sessionIds([live.id, liveAdmin.id, revokedRecently.id])).map((s) => s.id).sort()).toEqual(
      [live.id, liveAdmin.id, revokedRecently.id].sort(),
    );
    // Refresh tokens go with their session.
    expect(await unsafeDb.refreshToken.count({ where: { sessionId: { in: [expired.id, expiredAdmin.id, revokedLongAgo.id] } } })).toBe(0);
    expect(await unsafeDb.refreshToken.count({ where: { sessionId: { in: [live.id, liveAdmin.id, revokedRecently.id] } } })).toBe(3);

    const lockoutIds = await unsafeDb.accountLockout.findMany({
      where: { id: { in: [decayed.id, decayedUnlocked.id, stillLocked.id, recentFailure.id] } },
      select: { id: true },
    });
    expect(lockoutIds.map((l) => l.id).sort()).toEqual([stillLocked.id, recentFailure.id].sort());

    const attempts = await unsafeDb.loginAttempt.findMany({
      where: { id: { in: [oldAttempt.id, recentAttempt.id] } },
      select: { id: true },
    });
    expect(attempts.map((a) => a.id)).toEqual([recentAttempt.id]);
  });

  it("fails a job with a bad payload at once (no retries)", async () => {
    // Bypasses enqueue() on purpose: the processor validates job.data too.
    const job = await getQueue("default").add(cleanupExpiredSessionsJob.name, { unexpected: 1 }, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 15_000)).rejects.toThrow(/BAD_REQUEST.*unexpected|unexpected/);
    const failed = await getQueue("default").getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/Invalid payload for job "cleanup-expired-sessions"/);
  });
});

describe("enqueue", () => {
  const leadJob = defineJob({
    name: "test-lead-job",
    queue: "default",
    payload: z.object({ subAccountId: z.number().int(), leadId: z.number().int() }),
    jobId: (p) => `lead-${p.subAccountId}-${p.leadId}`,
    scope: "platform",
    process: async () => null,
  });

  it("rejects a payload that does not match the job's schema, naming the field", async () => {
    const before = await getQueue("default").getJobCounts("waiting", "delayed");
    const error = await enqueue(leadJob, { subAccountId: 1, leadId: "abc" } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const appError = error as InstanceType<typeof AppError>;
    expect(appError.code).toBe("BAD_REQUEST");
    expect(appError.message).toMatch(/Invalid payload for job "test-lead-job": leadId: /);
    expect(Object.keys(appError.fieldErrors ?? {})).toEqual(["leadId"]);

    const unknownKey = await enqueue(cleanupExpiredSessionsJob, { subAccountId: 1 } as never).catch((e: unknown) => e);
    expect((unknownKey as InstanceType<typeof AppError>).fieldErrors).toEqual({ subAccountId: ["Unknown field"] });

    expect(await getQueue("default").getJobCounts("waiting", "delayed")).toEqual(before);
  });

  it("adds one BullMQ job per logical job id", async () => {
    const first = await enqueue(leadJob, { subAccountId: 7, leadId: 42 }, { delay: 60_000 });
    const second = await enqueue(leadJob, { subAccountId: 7, leadId: 42 }, { delay: 60_000 });
    expect(first.id).toBe("lead-7-42");
    expect(second.id).toBe(first.id);
    expect(await getQueue("default").getDelayedCount()).toBe(1);
    await first.remove();
  });
});

describe("schedulers", () => {
  it("registering twice leaves one scheduler per scheduled job", async () => {
    await registerSchedulers();
    await registerSchedulers();
    const schedulers = await getQueue("default").getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(["cleanup-delivered-events", "cleanup-expired-exports", "cleanup-expired-form-sessions", "cleanup-expired-sessions", "cleanup-stale-imports", "ghl-schedule-sync", "sweep-domain-events", "sweep-waiting-messages"]);
    const byKey = Object.fromEntries(schedulers.map((s) => [s.key, s]));
    expect(byKey["cleanup-expired-sessions"]).toMatchObject({ every: 15 * 60 * 1000 });
    expect(byKey["cleanup-expired-exports"]).toMatchObject({ pattern: "30 3 * * *", tz: "UTC" });
    expect(byKey["cleanup-stale-imports"]).toMatchObject({ pattern: "45 3 * * *", tz: "UTC" });
    expect(byKey["cleanup-expired-form-sessions"]).toMatchObject({ pattern: "15 4 * * *", tz: "UTC" });
    expect(byKey["sweep-waiting-messages"]).toMatchObject({ every: 5 * 60 * 1000 });
    expect(await getQueue("messaging").getJobSchedulersCount()).toBe(0);
    expect(await getQueue("ai").getJobSchedulersCount()).toBe(0);
  });
});
