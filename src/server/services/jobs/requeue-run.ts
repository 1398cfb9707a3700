import type { Job, Queue } from "bullmq";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import { jobOptions, QUEUE_NAMES, type QueueName } from "@/server/jobs/define";
import { withJobRunId } from "@/server/jobs/job-run-data";
import { withQueue } from "@/server/jobs/queues";
import { getJobDefinition } from "@/server/jobs/registry";

/** A run put back in the queue starts over: no progress, result, error or attempts. */
export const RESET_RUN = {
  status: "queued",
  progress: 0,
  result: Prisma.DbNull,
  error: null,
  attempts: 0,
  startedAt: null,
  finishedAt: null,
} satisfies Prisma.JobRunUpdateManyMutationInput;

export const BULL_RETRY_RESET = { resetAttemptsMade: true, resetAttemptsStarted: true } as const;

export function queueNamed(name: string): QueueName {
  if (!(QUEUE_NAMES as readonly string[]).includes(name)) throw new AppError("PRECONDITION_FAILED", `Unknown queue "${name}".`);
  return name as QueueName;
}

/**
 * Puts a failed run's job back in its queue: BullMQ's own failed job is retried with its attempts reset; a job
 * BullMQ no longer keeps is added again from the run's stored payload, under the same id.
 */
export async function requeueRunJob(run: { id: number; queue: string; name: string; bullJobId: string; payload: unknown }): Promise<void> {
  return withQueue(queueNamed(run.queue), (queue) => requeueOn(queue, run));
}

async function requeueOn(queue: Queue, run: { id: number; queue: string; name: string; bullJobId: string; payload: unknown }): Promise<void> {
  const kept = (await queue.getJob(run.bullJobId)) as Job | undefined;
  if (kept) {
    const state = await kept.getState();
    if (state === "failed") return kept.retry("failed", BULL_RETRY_RESET);
    if (state !== "completed") return; // still waiting or running: it will run anyway
    await kept.remove();
  }
  const definition = getJobDefinition(run.name);
  if (!definition) throw new AppError("PRECONDITION_FAILED", `The job "${run.name}" no longer exists, so it cannot run again.`);
  await queue.add(run.name, withJobRunId(run.payload, run.id), { ...jobOptions(definition), jobId: run.bullJobId });
}
