import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { getEnv } from "@/env";
import { logger as rootLogger, type Logger } from "@/server/logger";
import { createBullConnection } from "@/server/redis/client";
import { QUEUE_NAMES, type JobDefinition, type QueueName } from "@/server/jobs/define";
import { queuePrefix } from "@/server/jobs/queues";
import { JOBS } from "@/server/jobs/registry";
import { registerSchedulers } from "@/server/jobs/schedulers";
import { failRunOfAbandonedJob } from "@/server/services/jobs/job-run-tracker";
import { runJob } from "./run-job";

/**
 * Jobs in flight per queue and worker process: bounded by downstream limits (SMS/email rates, model rate limits), not
 * CPU. AI turns mostly wait for the model (seconds each), so their number is a setting (AI_TURN_CONCURRENCY, default
 * 200): one worker answers about that many leads per model latency. Outbound webhook deliveries wait for customers'
 * receivers (up to 10 s each) and have a queue of their own, so a slow receiver never holds up SMS and email:
 * WEBHOOK_DELIVERY_CONCURRENCY (default 50). The fan-out of domain events (a few short statements each, mostly waiting
 * for PostgreSQL's commits) has its own too, so a burst of events is not held to the default queue's five slots behind
 * exports and imports: EVENT_FANOUT_CONCURRENCY (default 20).
 */
export function queueConcurrency(): Record<QueueName, number> {
  const env = getEnv();
  return { default: 5, messaging: 10, ai: env.AI_TURN_CONCURRENCY, events: env.EVENT_FANOUT_CONCURRENCY, webhooks: env.WEBHOOK_DELIVERY_CONCURRENCY };
}

export interface StartWorkerOptions {
  prefix?: string;
  concurrency?: Partial<Record<QueueName, number>>;
  /** Register scheduled jobs (default true). */
  schedulers?: boolean;
  log?: Logger;
  /** Jobs outside the registry (tests define jobs of their own); never scheduled. */
  extraJobs?: readonly JobDefinition[];
}

export interface RunningWorker {
  workers: Worker[];
  /** Stops taking jobs, waits for in-flight jobs to finish, closes the workers' connections. */
  close(): Promise<void>;
}

/** Job name -> job; refuses to start with a job that has no processor, or two jobs of one name. */
function jobsByName(jobs: readonly JobDefinition[]): Map<string, JobDefinition> {
  const byName = new Map<string, JobDefinition>();
  for (const job of jobs) {
    if (typeof job.run !== "function") throw new Error(`No processor for job "${job.name}"`);
    if (byName.has(job.name)) throw new Error(`Job "${job.name}" is defined twice`);
    byName.set(job.name, job);
  }
  return byName;
}

export async function startWorker(opts: StartWorkerOptions = {}): Promise<RunningWorker> {
  const jobs = jobsByName([...JOBS, ...(opts.extraJobs ?? [])]);
  const log = opts.log ?? rootLogger;
  const prefix = opts.prefix ?? queuePrefix();
  const connections: Redis[] = [];
  const workers = QUEUE_NAMES.map((queueName) => {
    const connection = createBullConnection();
    connections.push(connection);
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const definition = jobs.get(job.name);
        if (!definition) throw new Error(`No processor for job "${job.name}" on queue "${queueName}"`);
        return runJob(definition, job, log);
      },
      {
        connection,
        prefix,
        concurrency: opts.concurrency?.[queueName] ?? queueConcurrency()[queueName],
        // A job whose worker died (lock not renewed) goes back to the queue at the next stalled check.
        lockDuration: getEnv().WORKER_LOCK_DURATION_MS,
        stalledInterval: getEnv().WORKER_LOCK_DURATION_MS,
      },
    );
    worker.on("error", (err) => log.error({ queue: queueName, err: { message: err.message } }, "worker error"));
    worker.on("failed", (job) => {
      if (job) void failRunOfAbandonedJob(job, log);
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  if (opts.schedulers !== false) {
    const scheduled = await registerSchedulers({ prefix });
    log.info({ scheduled }, "job schedulers registered");
  }

  let closing: Promise<void> | undefined;
  return {
    workers,
    close: () =>
      (closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
      })()),
  };
}

/**
 * BullMQ loses jobs if Redis evicts keys. Refuses any maxmemory-policy but noeviction; a Redis that
 * forbids CONFIG (some managed services) only gets a warning.
 */
export async function checkRedisEvictionPolicy(redis: Redis, log: Logger = rootLogger): Promise<void> {
  let policy: string | undefined;
  try {
    const reply = (await redis.call("CONFIG", "GET", "maxmemory-policy")) as string[];
    policy = reply[1];
  } catch (e) {
    log.warn({ err: { message: (e as Error).message } }, "cannot read Redis maxmemory-policy; make sure it is noeviction");
    return;
  }
  if (policy !== undefined && policy !== "noeviction") {
    throw new Error(
      `Redis maxmemory-policy is "${policy}"; the job queue needs "noeviction" (set maxmemory-policy noeviction in redis.conf or run redis-server --maxmemory-policy noeviction)`,
    );
  }
}
