import type { KeepJobs } from "bullmq";
import type { z } from "zod";
import { AppError } from "@/server/errors";

/** Queues by workload; concurrency follows downstream limits (see worker/start.ts). */
export const QUEUE_NAMES = ["default", "messaging", "ai"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** BullMQ's retention bounds: keep at most `count` finished jobs, none older than `age` seconds. */
export type RetentionBounds = KeepJobs;

export interface BackoffOptions {
  type: "exponential" | "fixed";
  /** Milliseconds before the first retry (doubled on each retry when exponential). */
  delay: number;
}

export type RepeatOptions = { pattern: string; tz?: string } | { every: number };

export interface JobDefinition<N extends string = string, S extends z.ZodType = z.ZodType> {
  readonly name: N;
  readonly queue: QueueName;
  /** Ids and small values only, never whole records: the job reads fresh rows when it runs. */
  readonly payload: S;
  readonly attempts: number;
  readonly backoff: BackoffOptions;
  readonly removeOnComplete: RetentionBounds;
  readonly removeOnFail: RetentionBounds;
  /** One logical job -> one BullMQ job id: adding it again while it is still kept is a no-op. */
  readonly jobId?: (payload: z.output<S>) => string;
  /** Scheduled jobs: registered once per worker start with Queue.upsertJobScheduler. */
  readonly repeat?: RepeatOptions & { data?: z.input<S> };
}

export type JobPayloadInput<J extends JobDefinition> = z.input<J["payload"]>;
export type JobPayload<J extends JobDefinition> = z.output<J["payload"]>;

type DefineJobInput<N extends string, S extends z.ZodType> = Pick<JobDefinition<N, S>, "name" | "queue" | "payload"> &
  Partial<Omit<JobDefinition<N, S>, "name" | "queue" | "payload">>;

const DEFAULTS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 } satisfies BackoffOptions,
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
} as const;

/** Retries and retention of a daily platform maintenance job (a week of runs is kept). */
export const DAILY_MAINTENANCE_JOB = {
  attempts: 3,
  backoff: { type: "exponential", delay: 60_000 } satisfies BackoffOptions,
  removeOnComplete: { age: 7 * 24 * 3600, count: 30 },
  removeOnFail: { age: 7 * 24 * 3600, count: 30 },
} as const;

/** Retries and retention of a frequent platform maintenance job (one run every few minutes: keep few of them). */
export const MAINTENANCE_JOB = {
  attempts: 3,
  backoff: { type: "exponential", delay: 30_000 } satisfies BackoffOptions,
  removeOnComplete: { age: 24 * 3600, count: 100 },
  removeOnFail: { age: 7 * 24 * 3600, count: 100 },
} as const;

export function defineJob<const N extends string, S extends z.ZodType>(input: DefineJobInput<N, S>): JobDefinition<N, S> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(input.name)) {
    throw new Error(`Job name "${input.name}" must be kebab-case (letters, digits, dashes)`);
  }
  if (input.attempts !== undefined && (!Number.isInteger(input.attempts) || input.attempts < 1)) {
    throw new Error(`Job "${input.name}": attempts must be a positive integer`);
  }
  return Object.freeze({ ...DEFAULTS, ...input });
}

/** Validates a payload against the job's schema; a bad payload is a BAD_REQUEST naming the field. */
export function parsePayload<J extends JobDefinition>(job: J, payload: unknown): JobPayload<J> {
  const result = job.payload.safeParse(payload);
  if (result.success) return result.data as JobPayload<J>;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const base = issue.path.map(String).join(".");
    // An unknown key has the object as its path; name the key itself.
    const fields = issue.code === "unrecognized_keys" ? issue.keys.map((k) => (base ? `${base}.${k}` : k)) : [base];
    for (const field of fields) {
      const message = issue.code === "unrecognized_keys" ? "Unknown field" : issue.message;
      (fieldErrors[field || "(payload)"] ??= []).push(message);
    }
  }
  const summary = Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
    .join(", ");
  throw new AppError("BAD_REQUEST", `Invalid payload for job "${job.name}": ${summary}`, { fieldErrors });
}

/** BullMQ job options derived from a definition. */
export function jobOptions(job: JobDefinition) {
  return {
    attempts: job.attempts,
    backoff: { ...job.backoff },
    removeOnComplete: { ...job.removeOnComplete },
    removeOnFail: { ...job.removeOnFail },
  };
}
