import type { Job } from "bullmq";
import { jobOptions, parsePayload, type JobDefinition, type JobPayload, type JobPayloadInput } from "./define";
import { getQueue } from "./queues";

export interface EnqueueOptions {
  /** Milliseconds to wait before the job becomes runnable. */
  delay?: number;
  /** Overrides the definition's jobId for this one call. */
  jobId?: string;
  priority?: number;
}

/**
 * Validates the payload with the job's schema, then adds it to the job's queue. Jobs with a `jobId`
 * are idempotent: adding the same logical job while BullMQ still keeps it returns the existing job.
 */
export async function enqueue<J extends JobDefinition>(
  job: J,
  payload: JobPayloadInput<J>,
  opts: EnqueueOptions = {},
): Promise<Job<JobPayload<J>>> {
  const data = parsePayload(job, payload);
  const jobId = opts.jobId ?? job.jobId?.(data);
  return getQueue(job.queue).add(job.name, data, {
    ...jobOptions(job),
    ...(jobId ? { jobId } : {}),
    ...(opts.delay ? { delay: opts.delay } : {}),
    ...(opts.priority ? { priority: opts.priority } : {}),
  }) as Promise<Job<JobPayload<J>>>;
}
