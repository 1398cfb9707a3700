import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { z } from "zod";

// A queue namespace of this file's own: a real worker on the same Redis never sees these jobs.
process.env.QUEUE_PREFIX = `test-${randomUUID()}`;
(await import("@/env")).resetEnvCache();

const { unsafeDb } = await import("@/server/db/client");
const { tenantDb } = await import("@/server/db/tenant");
const { closeRedis } = await import("@/server/redis/client");
const { loadSessionAccount } = await import("@/server/auth/sessions");
const { AppError } = await import("@/server/errors");
const { enqueue } = await import("@/server/jobs/enqueue");
const { defineJob } = await import("@/server/jobs/define");
const { jobRunIdOf } = await import("@/server/jobs/job-run-data");
const { closeQueues, getQueue } = await import("@/server/jobs/queues");
const { genericTaskJob } = await import("@/server/jobs/generic-task");
const { startWorker } = await import("../../worker/start");
const { createAdmin, createUser, createWorkspace, requestContext, signedInCaller } = await import("../support/factories");

type WorkspaceContext = import("@/server/context").WorkspaceContext;

// Jobs of this file only: what they do is decided by the test that enqueues them.
const controls = new Map<string, { release?: Promise<void>; failTimes: number; error: () => Error; calls: number }>();
const testPayload = z.object({ key: z.string() }).strict();
const scriptedJob = defineJob({
  name: "test-scripted",
  queue: "default",
  scope: "workspace",
  payload: testPayload,
  attempts: 2,
  backoff: { type: "fixed", delay: 20 },
  async process({ reportProgress }, { key }) {
    const control = controls.get(key)!;
    control.calls += 1;
    reportProgress(50);
    await control.release;
    if (control.calls <= control.failTimes) throw control.error();
    return { calls: control.calls };
  },
});

async function workspaceWithAdmin() {
  const ws = await createWorkspace("Jobs");
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller, session } = await signedInCaller({ kind: "user", id: admin.id });
  const account = (await loadSessionAccount(session.sessionId))!;
  const ctx: WorkspaceContext = { ...requestContext(), account, workspace: { id: ws.id, name: ws.name }, db: tenantDb(ws.id), actingAsAdmin: false };
  return { ws, admin, caller, ctx };
}

async function runRow(id: number) {
  return (await unsafeDb.jobRun.findUnique({ where: { id } }))!;
}

async function waitForRun(id: number, done: (run: Awaited<ReturnType<typeof runRow>>) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runRow(id);
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} did not get there in time: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function codeOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  return error instanceof TRPCError ? error.code : String(error);
}

let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  worker = await startWorker({ schedulers: false, extraJobs: [scriptedJob] });
});

afterAll(async () => {
  await worker?.close();
  for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => {});
  await closeQueues();
  await closeRedis();
  await unsafeDb.$disconnect();
});

describe("JobRun through the worker", () => {
  it("reports a generic task's progress and result to its workspace only", async () => {
    const a = await workspaceWithAdmin();
    const b = await workspaceWithAdmin();
    await unsafeDb.lead.createMany({ data: [{ subAccountId: a.ws.id, name: "L1" }, { subAccountId: a.ws.id, name: "L2", archivedAt: new Date() }] });
    await unsafeDb.lead.create({ data: { subAccountId: b.ws.id, name: "Not A's" } });

    const job = await enqueue(genericTaskJob, { task: "recount-workspace-stats", args: {} }, { ctx: a.ctx });
    const runId = jobRunIdOf(job)!;
    const run = await waitForRun(runId, (r) => r.status === "completed");
    expect(run).toMatchObject({ subAccountId: a.ws.id, progress: 100, attempts: 1, error: null, startedByUserId: a.admin.id });
    expect(run.result).toEqual({ leads: 2, archivedLeads: 1, bookings: 0, bookingsByStatus: {}, contactSubmissions: 0 });

    const seen = await a.caller.jobs.get({ id: runId });
    expect(seen).toMatchObject({ id: runId, name: "generic-task", status: "completed", startedBy: { id: a.admin.id } });
    expect((await a.caller.jobs.list({})).items.map((i) => i.id)).toContain(runId);
    expect(await codeOf(b.caller.jobs.get({ id: runId }))).toBe("NOT_FOUND");
    expect((await b.caller.jobs.list({})).items.map((i) => i.id)).not.toContain(runId);
    expect(await codeOf(b.caller.jobs.retry({ id: runId }))).toBe("NOT_FOUND");
  });

  it("shows progress while the job runs", async () => {
    const a = await workspaceWithAdmin();
    let release!: () => void;
    controls.set("progress", { release: new Promise<void>((r) => (release = r)), failTimes: 0, error: () => new Error("unused"), calls: 0 });
    const runId = jobRunIdOf(await enqueue(scriptedJob, { key: "progress" }, { ctx: a.ctx }))!;
    const active = await waitForRun(runId, (r) => r.status === "active" && r.progress === 50);
    expect(active.startedAt).toBeInstanceOf(Date);
    expect((await a.caller.jobs.list({ status: "active" })).items.map((i) => i.id)).toEqual([runId]);
    release();
    expect(await waitForRun(runId, (r) => r.status === "completed")).toMatchObject({ progress: 100, result: { calls: 1 } });
  });

  it("fails a job that throws a non-retryable AppError once, with its message", async () => {
    const a = await workspaceWithAdmin();
    const job = await enqueue(genericTaskJob, { task: "recount-lead-activity", args: { leadId: 999_999_999 } }, { ctx: a.ctx });
    const run = await waitForRun(jobRunIdOf(job)!, (r) => r.status === "failed");
    expect(run).toMatchObject({ error: "No such lead in this workspace.", attempts: 1 });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect((await getQueue("default").getJob(job.id!))!.attemptsMade).toBe(1);
  });

  it("refuses bad generic-task args at enqueue, naming the field, and writes no run", async () => {
    const a = await workspaceWithAdmin();
    await expect(enqueue(genericTaskJob, { task: "recount-lead-activity", args: { leadId: "x" } }, { ctx: a.ctx })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { "args.leadId": expect.any(Array) },
    });
    expect(await unsafeDb.jobRun.count({ where: { subAccountId: a.ws.id } })).toBe(0);
  });

  it("shows a safe message for an unknown error after the last attempt; the admin overview counts it", async () => {
    const a = await workspaceWithAdmin();
    controls.set("unknown", { failTimes: 99, error: () => new Error("connection refused at 10.0.0.3 (secret detail)"), calls: 0 });
    const job = await enqueue(scriptedJob, { key: "unknown" }, { ctx: a.ctx });
    const runId = jobRunIdOf(job)!;
    const run = await waitForRun(runId, (r) => r.status === "failed");
    expect(run.error).toBe(`The job failed (reference ${job.id})`);
    expect(run.attempts).toBe(2);
    expect(controls.get("unknown")!.calls).toBe(2);

    const platformAdmin = await createAdmin();
    const { caller: adminCaller } = await signedInCaller({ kind: "admin", id: platformAdmin.id });
    const overview = await adminCaller.platform.queues.overview();
    const defaultQueue = overview.queues.find((q) => q.name === "default")!;
    expect(defaultQueue.counts.failed).toBeGreaterThanOrEqual(1);
    expect(defaultQueue.completedLastHour).toBeGreaterThanOrEqual(0);
    const failed = await adminCaller.platform.queues.failed({ queue: "default" });
    const listed = failed.items.find((i) => i.id === job.id)!;
    expect(listed).toMatchObject({ name: "test-scripted", error: run.error, attempts: 2, jobRunId: runId, subAccountId: a.ws.id, dataIds: {} });
    expect(listed.failedAt).toBeInstanceOf(Date);

    // The platform retry runs it again from its first attempt.
    controls.get("unknown")!.failTimes = 0;
    await adminCaller.platform.queues.retry({ queue: "default", jobId: job.id! });
    expect(await waitForRun(runId, (r) => r.status === "completed")).toMatchObject({ attempts: 1, error: null, result: { calls: 3 } });
    expect(await codeOf(adminCaller.platform.queues.retry({ queue: "default", jobId: job.id! }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(adminCaller.platform.queues.retry({ queue: "default", jobId: "no-such-job" }))).toBe("NOT_FOUND");
  });

  it("retries a failed run of the workspace and runs it again", async () => {
    const a = await workspaceWithAdmin();
    controls.set("retry", { failTimes: 1, error: () => new AppError("PRECONDITION_FAILED", "Connect a calendar first."), calls: 0 });
    const runId = jobRunIdOf(await enqueue(scriptedJob, { key: "retry" }, { ctx: a.ctx }))!;
    expect(await waitForRun(runId, (r) => r.status === "failed")).toMatchObject({ error: "Connect a calendar first.", attempts: 1 });

    const member = await createUser({ subAccountId: a.ws.id, role: "user" });
    const { caller: memberCaller } = await signedInCaller({ kind: "user", id: member.id });
    expect(await codeOf(memberCaller.jobs.retry({ id: runId }))).toBe("FORBIDDEN");

    const retried = await a.caller.jobs.retry({ id: runId });
    expect(retried).toMatchObject({ id: runId, error: null, progress: 0 });
    expect(await waitForRun(runId, (r) => r.status === "completed")).toMatchObject({ result: { calls: 2 }, error: null });
    expect(await codeOf(a.caller.jobs.retry({ id: runId }))).toBe("PRECONDITION_FAILED");
    const audit = await unsafeDb.auditLog.findFirst({ where: { subAccountId: a.ws.id, action: "job_run.retried" } });
    expect(audit?.targetId).toBe(String(runId));
  });

  it("gives one run for one idempotent job id", async () => {
    const a = await workspaceWithAdmin();
    let release!: () => void;
    controls.set("once", { release: new Promise<void>((r) => (release = r)), failTimes: 0, error: () => new Error("unused"), calls: 0 });
    const jobId = `once-${randomUUID()}`;
    const first = await enqueue(scriptedJob, { key: "once" }, { ctx: a.ctx, jobId });
    const second = await enqueue(scriptedJob, { key: "once" }, { ctx: a.ctx, jobId });
    expect(second.id).toBe(first.id);
    expect(jobRunIdOf(second)).toBe(jobRunIdOf(first));
    expect(await unsafeDb.jobRun.count({ where: { bullJobId: jobId } })).toBe(1);
    release();
    await waitForRun(jobRunIdOf(first)!, (r) => r.status === "completed");
    expect(controls.get("once")!.calls).toBe(1);

    // Another workspace cannot take over the id.
    const b = await workspaceWithAdmin();
    await expect(enqueue(scriptedJob, { key: "once" }, { ctx: b.ctx, jobId })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("fails the run of a job that no processor takes", async () => {
    const a = await workspaceWithAdmin();
    // Defined here but unknown to the running worker (as a job removed by a newer release would be).
    const orphanJob = defineJob({ name: "test-orphan", queue: "default", scope: "workspace", payload: testPayload, attempts: 1, process: async () => null });
    const job = await enqueue(orphanJob, { key: "orphan" }, { ctx: a.ctx });
    const run = await waitForRun(jobRunIdOf(job)!, (r) => r.status === "failed");
    expect(run.error).toBe(`The job failed (reference ${job.id})`);
  });

  it("cannot define a job without a processor, and the worker refuses to start with one", async () => {
    // Both casts stand for a definition the types would refuse (plain JavaScript, or a job list gone wrong).
    expect(() => defineJob({ name: "test-no-processor", queue: "default", scope: "platform", payload: testPayload } as never)).toThrow(
      'Job "test-no-processor" has no processor',
    );
    const broken = { ...scriptedJob, name: "test-broken", run: undefined } as never;
    await expect(startWorker({ schedulers: false, extraJobs: [broken] })).rejects.toThrow('No processor for job "test-broken"');
  });

  it("refuses the platform procedures to a workspace admin", async () => {
    const a = await workspaceWithAdmin();
    expect(await codeOf(a.caller.platform.queues.overview())).toBe("FORBIDDEN");
    expect(await codeOf(a.caller.platform.queues.failed({ queue: "default" }))).toBe("FORBIDDEN");
    expect(await codeOf(a.caller.platform.queues.retry({ queue: "default", jobId: "x" }))).toBe("FORBIDDEN");
  });
});
