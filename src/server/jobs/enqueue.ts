import { randomUUID } from "node:crypto";
import type { Job, JobsOptions } from "bullmq";
import { Prisma } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";
import type { TenantTransaction } from "@/server/db/tenant";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { jobOptions, parsePayload, type JobDefinition, type JobPayload, type JobPayloadInput, type QueueName } from "./define";
import { jobRunIdOf, withJobRunId } from "./job-run-data";
import { withQueue } from "./queues";

export interface EnqueueOptions {
  /** Milliseconds to wait before the job becomes runnable. */
  delay?: number;
  /** Overrides the definition's jobId for this one call. */
  jobId?: string;
  priority?: number;
  /** Records the job as a JobRun of this workspace, which its members can follow (jobs.list, jobs.get). */
  ctx?: WorkspaceContext;
}

/** Shown on a run whose job never reached the queue. */
export const NOT_QUEUED_MESSAGE = "The job could not be queued. Try again.";
/** Adds a job, or refuses with SERVICE_UNAVAILABLE when Redis cannot take it (see withQueue). */
function addToQueue(queue: QueueName, name: string, data: unknown, opts: JobsOptions): Promise<Job> {
  return withQueue(queue, (q) => q.add(name, data, opts));
}

function bullOptions(job: JobDefinition, opts: EnqueueOptions) {
  return {
    ...jobOptions(job),
    ...(opts.delay ? { delay: opts.delay } : {}),
    ...(opts.priority ? { priority: opts.priority } : {}),
  };
}

type RunDb = WorkspaceContext["db"] | TenantTransaction;

/**
 * Writes the JobRun of a job a workspace starts, before the job exists (its BullMQ id is chosen here when the job has
 * none). A run already kept under the same id (the same logical job) is reused: `kept` then says whether BullMQ still
 * has its job, and a run whose job is gone starts over on the same row.
 */
async function writeRun(db: RunDb, ctx: WorkspaceContext, job: JobDefinition, data: unknown, bullJobId: string) {
  const runData = {
    queue: job.queue,
    name: job.name,
    bullJobId,
    payload: data as object,
    startedByUserId: ctx.account?.kind === "user" ? ctx.account.id : null,
  };
  const existing = await db.jobRun.findFirst({ where: { queue: job.queue, bullJobId }, select: { id: true } });
  if (!existing) {
    try {
      return { runId: (await db.jobRun.create({ data: { subAccountId: ctx.workspace.id, ...runData }, select: { id: true } })).id, reused: false as const };
    } catch (e) {
      // Only another workspace's run can hold this id unseen (the scoped client hides it).
      if (isUniqueViolation(e)) throw new AppError("CONFLICT", `Another workspace's job already uses the id "${bullJobId}".`);
      throw e;
    }
  }
  return { runId: existing.id, reused: true as const, reset: () => db.jobRun.update({ where: { id: existing.id }, data: { ...runData, ...RESTART } }) };
}

const RESTART = { status: "queued", progress: 0, result: Prisma.DbNull, error: null, attempts: 0, startedAt: null, finishedAt: null } as const;

/**
 * Validates the payload with the job's schema, then adds it to the job's queue. Jobs with a `jobId`
 * are idempotent: adding the same logical job while BullMQ still keeps it returns the existing job.
 * Redis refusing the job is a SERVICE_UNAVAILABLE AppError ("try again").
 *
 * With `ctx`, the JobRun row is written first and its id travels in the job's data (see job-run-data.ts);
 * if adding to the queue then fails, the row is marked failed (the caller decides what its own rows become).
 * Work that creates rows of its own together with the job uses `enqueueWithRows` instead.
 */
export async function enqueue<J extends JobDefinition>(
  job: J,
  payload: JobPayloadInput<J>,
  opts: EnqueueOptions = {},
): Promise<Job<JobPayload<J>>> {
  const data = parsePayload(job, payload);
  const jobId = opts.jobId ?? job.jobId?.(data);
  if (!opts.ctx) return addToQueue(job.queue, job.name, data, { ...bullOptions(job, opts), ...(jobId ? { jobId } : {}) });

  const ctx = opts.ctx;
  const bullJobId = jobId ?? `run-${randomUUID()}`;
  const run = await writeRun(ctx.db, ctx, job, data, bullJobId);
  if (run.reused) {
    const kept = await withQueue(job.queue, (queue) => queue.getJob(bullJobId));
    if (kept) return kept;
    // BullMQ no longer keeps the job (retention): the same logical job runs again on the same row.
    await run.reset();
  }
  try {
    return await addToQueue(job.queue, job.name, withJobRunId(data, run.runId), { ...bullOptions(job, opts), jobId: bullJobId });
  } catch (e) {
    await ctx.db.jobRun
      .update({ where: { id: run.runId }, data: { status: "failed", error: NOT_QUEUED_MESSAGE, finishedAt: new Date() } })
      .catch((updateError: unknown) => ctx.log.error({ err: updateError, jobRunId: run.runId }, "could not mark the run failed"));
    throw e;
  }
}

export interface RowsAndJob<J extends JobDefinition, T> {
  /**
   * Writes the rows inside one transaction. `record(payload)` writes the job's JobRun in the same transaction and
   * returns its id (call it once); whatever `write` returns is handed to `undo`.
   */
  write(tx: TenantTransaction, record: (payload: JobPayloadInput<J>) => Promise<number>): Promise<T>;
  /** Puts the rows back as they were before `write` (deletes what it created), in one transaction. */
  undo(tx: TenantTransaction, written: T): Promise<void>;
}

/**
 * Work a workspace starts together with rows of its own (an import, an export, an evaluation): the rows and the
 * job's JobRun are written in one transaction, then the job is added to its queue. When Redis refuses the job,
 * `undo` puts the rows back and the run is deleted, in one transaction, and the caller gets SERVICE_UNAVAILABLE:
 * nothing waits as "queued" for a job that does not exist, and trying again works.
 */
export async function enqueueWithRows<J extends JobDefinition, T>(
  ctx: WorkspaceContext,
  job: J,
  steps: RowsAndJob<J, T>,
  opts: Pick<EnqueueOptions, "delay" | "priority"> = {},
): Promise<{ written: T; jobRunId: number }> {
  let staged: { runId: number; reused: boolean; bullJobId: string; data: JobPayload<J> } | undefined;
  const written = await ctx.db.$transaction(async (tx) =>
    steps.write(tx, async (payload) => {
      if (staged) throw new Error(`enqueueWithRows(${job.name}): record() was called twice`);
      const data = parsePayload(job, payload);
      const bullJobId = job.jobId?.(data) ?? `run-${randomUUID()}`;
      const run = await writeRun(tx, ctx, job, data, bullJobId);
      if (run.reused) {
        // The same logical job again: refused while it waits or runs, started over on its row once it has finished.
        const kept = await withQueue(job.queue, (queue) => queue.getJob(bullJobId));
        const state = kept ? await kept.getState() : null;
        if (kept && state !== "completed" && state !== "failed") throw new AppError("CONFLICT", "This work is already queued.");
        await kept?.remove();
        await run.reset();
      }
      staged = { runId: run.runId, reused: run.reused, bullJobId, data };
      return run.runId;
    }),
  );
  if (!staged) throw new Error(`enqueueWithRows(${job.name}): write() did not record the job`);
  const { runId, reused, bullJobId, data } = staged;
  try {
    const added = await addToQueue(job.queue, job.name, withJobRunId(data, runId), { ...bullOptions(job, opts), jobId: bullJobId });
    return { written, jobRunId: jobRunIdOf(added) ?? runId };
  } catch (e) {
    await ctx.db
      .$transaction(async (tx) => {
        await steps.undo(tx, written);
        if (!reused) await tx.jobRun.deleteMany({ where: { id: runId } });
        else await tx.jobRun.update({ where: { id: runId }, data: { status: "failed", error: NOT_QUEUED_MESSAGE, finishedAt: new Date() } });
      })
      .catch((undoError: unknown) => ctx.log.error({ err: undoError, jobRunId: runId }, "could not undo the rows of a job that was not queued"));
    throw e;
  }
}

/**
 * Adds several jobs of one definition in one round trip to Redis (BullMQ's addBulk), each under its definition's
 * jobId (a job already kept under that id is not added again). For hot paths that queue one job per request and
 * gather them (the inbound SMS webhook); no JobRun is written.
 */
export async function enqueueMany<J extends JobDefinition>(job: J, payloads: readonly JobPayloadInput<J>[]): Promise<void> {
  if (payloads.length === 0) return;
  const jobs = payloads.map((payload) => {
    const data = parsePayload(job, payload);
    const jobId = job.jobId?.(data);
    return { name: job.name, data, opts: { ...jobOptions(job), ...(jobId ? { jobId } : {}) } };
  });
  await withQueue(job.queue, (q) => q.addBulk(jobs));
}
