import type { Job } from "bullmq";
import type { z } from "zod";
import type { failedJobsSchema, retryQueueJobSchema } from "@/schemas/jobs";
import type { AuthedContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { QUEUE_NAMES } from "@/server/jobs/define";
import { splitJobRunId } from "@/server/jobs/job-run-data";
import { getQueue } from "@/server/jobs/queues";
import { recordAudit } from "@/server/services/audit/record-audit";
import { BULL_RETRY_RESET, RESET_RUN } from "./requeue-run";

const COUNTED_STATES = ["waiting", "active", "delayed", "completed", "failed"] as const;
type CountedState = (typeof COUNTED_STATES)[number] | "paused";

const FIVE_MINUTES = 5 * 60_000;
const ONE_HOUR = 60 * 60_000;

async function completedRunsSince(since: Date): Promise<Map<string, number>> {
  const rows = await unsafeDb.jobRun.groupBy({
    by: ["queue"],
    where: { status: "completed", finishedAt: { gte: since } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.queue, r._count._all]));
}

/**
 * Every queue's job counts (from BullMQ) and throughput: runs completed in the last 5 minutes and hour
 * (from recorded JobRuns, so jobs started without a workspace context are not in these two numbers).
 */
export async function queuesOverview() {
  const now = Date.now();
  const [last5, lastHour] = await Promise.all([
    completedRunsSince(new Date(now - FIVE_MINUTES)),
    completedRunsSince(new Date(now - ONE_HOUR)),
  ]);
  const queues = await Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const queue = getQueue(name);
      const [raw, paused] = await Promise.all([queue.getJobCounts(...COUNTED_STATES), queue.isPaused()]);
      // BullMQ may report "waiting" under its internal key "wait".
      const counts = Object.fromEntries(
        COUNTED_STATES.map((state) => [state, raw[state] ?? (state === "waiting" ? raw.wait : undefined) ?? 0]),
      ) as Record<CountedState, number>;
      // BullMQ 6 has no separate paused list: a paused queue's waiting jobs are its paused ones.
      counts.paused = paused ? counts.waiting : 0;
      return { name, paused, counts, completedLast5Min: last5.get(name) ?? 0, completedLastHour: lastHour.get(name) ?? 0 };
    }),
  );
  return { queues, generatedAt: new Date(now) };
}

/** Only identifiers of a job's data are shown: keys named id/…Id/…Ids with number or string values. */
function dataIds(data: unknown): Record<string, string | number | (string | number)[]> {
  if (data === null || typeof data !== "object") return {};
  const ids: Record<string, string | number | (string | number)[]> = {};
  const isId = (v: unknown): v is string | number => typeof v === "number" || typeof v === "string";
  for (const [key, value] of Object.entries(data)) {
    if (!/^(id|.*Id|.*Ids)$/.test(key)) continue;
    if (isId(value)) ids[key] = value;
    else if (Array.isArray(value) && value.every(isId)) ids[key] = value.slice(0, 20);
  }
  return ids;
}

export async function listFailedJobs(input: z.infer<typeof failedJobsSchema>) {
  const queue = getQueue(input.queue);
  const offset = input.cursor ?? 0;
  const [jobs, total] = await Promise.all([
    queue.getFailed(offset, offset + input.limit - 1) as Promise<(Job | undefined)[]>,
    queue.getFailedCount(),
  ]);
  const present = jobs.filter((j): j is Job => Boolean(j));
  const split = present.map((job) => ({ job, ...splitJobRunId(job.data) }));
  const runIds = split.map((s) => s.jobRunId).filter((id): id is number => id !== null);
  const runs = runIds.length
    ? await unsafeDb.jobRun.findMany({ where: { id: { in: runIds } }, select: { id: true, subAccountId: true, error: true } })
    : [];
  const runById = new Map(runs.map((r) => [r.id, r]));
  const items = split.map(({ job, payload, jobRunId }) => {
    const run = jobRunId === null ? undefined : runById.get(jobRunId);
    return {
      id: String(job.id),
      name: job.name,
      // A recorded run's safe message when there is one; otherwise BullMQ's reason (platform admins only).
      error: run?.error ?? job.failedReason ?? null,
      attempts: job.attemptsMade,
      failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
      dataIds: dataIds(payload),
      jobRunId,
      subAccountId: run?.subAccountId ?? null,
    };
  });
  const next = offset + input.limit;
  return { items, nextCursor: next < total ? next : null };
}

/** Retries one failed BullMQ job from its first attempt; its JobRun, if any, starts over too. */
export async function retryQueueJob(ctx: AuthedContext, input: z.infer<typeof retryQueueJobSchema>) {
  const job = (await getQueue(input.queue).getJob(input.jobId)) as Job | undefined;
  if (!job) throw new AppError("NOT_FOUND", "No such job in this queue.");
  if ((await job.getState()) !== "failed") throw new AppError("PRECONDITION_FAILED", "Only a failed job can be retried.");
  const { jobRunId } = splitJobRunId(job.data);
  if (jobRunId !== null) await unsafeDb.jobRun.updateMany({ where: { id: jobRunId }, data: RESET_RUN });
  await job.retry("failed", BULL_RETRY_RESET);
  await recordAudit(ctx, {
    action: "queue_job.retried",
    actor: ctx.account,
    targetType: "QueueJob",
    targetId: `${input.queue}/${input.jobId}`,
    changes: { name: job.name, jobRunId },
  });
  return { id: String(job.id), queue: input.queue, retried: true };
}
