import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { Prisma } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { jobOptions, parsePayload, type JobDefinition, type JobPayload, type JobPayloadInput } from "./define";
import { withJobRunId } from "./job-run-data";
import { getQueue } from "./queues";
import { isUniqueViolation } from "@/server/db/errors";

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

/**
 * Validates the payload with the job's schema, then adds it to the job's queue. Jobs with a `jobId`
 * are idempotent: adding the same logical job while BullMQ still keeps it returns the existing job.
 *
 * With `ctx`, the JobRun row is written first and its id travels in the job's data (see job-run-data.ts);
 * if adding to the queue then fails, the row is marked failed and the error is rethrown.
 */
export async function enqueue<J extends JobDefinition>(
  job: J,
  payload: JobPayloadInput<J>,
  opts: EnqueueOptions = {},
): Promise<Job<JobPayload<J>>> {
  const data = parsePayload(job, payload);
  const bullOptions = {
    ...jobOptions(job),
    ...(opts.delay ? { delay: opts.delay } : {}),
    ...(opts.priority ? { priority: opts.priority } : {}),
  };
  const jobId = opts.jobId ?? job.jobId?.(data);
  if (!opts.ctx) {
    return getQueue(job.queue).add(job.name, data, { ...bullOptions, ...(jobId ? { jobId } : {}) }) as Promise<Job<JobPayload<J>>>;
  }

  const ctx = opts.ctx;
  // A recorded run needs its BullMQ id before the job exists, so one is chosen here when the job has none.
  const bullJobId = jobId ?? `run-${randomUUID()}`;
  const queue = getQueue(job.queue);
  const runData = {
    queue: job.queue,
    name: job.name,
    bullJobId,
    payload: data as object,
    startedByUserId: ctx.account?.kind === "user" ? ctx.account.id : null,
  };
  let runId: number;
  try {
    runId = (await ctx.db.jobRun.create({ data: { subAccountId: ctx.workspace.id, ...runData }, select: { id: true } })).id;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const existing = await ctx.db.jobRun.findFirst({ where: { queue: job.queue, bullJobId }, select: { id: true } });
    if (!existing) throw new AppError("CONFLICT", `Another workspace's job already uses the id "${bullJobId}".`);
    const kept = await queue.getJob(bullJobId);
    if (kept) return kept as Job<JobPayload<J>>;
    // BullMQ no longer keeps the job (retention): the same logical job runs again on the same row.
    await ctx.db.jobRun.update({
      where: { id: existing.id },
      data: { ...runData, status: "queued", progress: 0, result: Prisma.DbNull, error: null, attempts: 0, createdAt: new Date(), startedAt: null, finishedAt: null },
    });
    runId = existing.id;
  }

  try {
    return (await queue.add(job.name, withJobRunId(data, runId), { ...bullOptions, jobId: bullJobId })) as Job<JobPayload<J>>;
  } catch (e) {
    await ctx.db.jobRun
      .update({ where: { id: runId }, data: { status: "failed", error: NOT_QUEUED_MESSAGE, finishedAt: new Date() } })
      .catch((updateError: unknown) => ctx.log.error({ err: updateError, jobRunId: runId }, "could not mark the run failed"));
    throw e;
  }
}
