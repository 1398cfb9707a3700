import type { Job, KeepJobs } from "bullmq";
import type { z } from "zod";
import type { PlatformJobContext, WorkspaceJobContext } from "@/server/context";
import { AppError } from "@/server/errors";

/** Queues by workload; concurrency follows downstream limits (see worker/start.ts). */
export const QUEUE_NAMES = ["default", "messaging", "ai", "events", "webhooks"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** BullMQ's retention bounds: keep at most `count` finished jobs, none older than `age` seconds. */
export type RetentionBounds = KeepJobs;

export interface BackoffOptions {
  type: "exponential" | "fixed";
  /** Milliseconds before the first retry (doubled on each retry when exponential). */
  delay: number;
}

export type RepeatOptions = { pattern: string; tz?: string } | { every: number };

/** The BullMQ job a processor runs, beside its context (a processor may move it back to delayed). */
export interface JobHandle {
  job: Job;
}
export type WorkspaceProcessorContext = WorkspaceJobContext & JobHandle;
export type PlatformProcessorContext = PlatformJobContext & JobHandle;

/**
 * How the worker hands a job its context (worker/job-context.ts builds both): the guards (a workspace job needs a
 * workspace; which attempt is the last) live there, once, instead of in every processor.
 */
export interface JobContextSource {
  platform(): PlatformProcessorContext;
  /** The JobRun's workspace, or `payloadWorkspaceId` for a job queued without a run; refused when neither exists. */
  workspace(payloadWorkspaceId: number | null): Promise<WorkspaceProcessorContext>;
}

interface JobSettings<S extends z.ZodType> {
  readonly attempts: number;
  readonly backoff: BackoffOptions;
  readonly removeOnComplete: RetentionBounds;
  readonly removeOnFail: RetentionBounds;
  /** One logical job -> one BullMQ job id: adding it again while it is still kept is a no-op. */
  readonly jobId?: (payload: z.output<S>) => string;
  /** Scheduled jobs: registered once per worker start with Queue.upsertJobScheduler. */
  readonly repeat?: RepeatOptions & { data?: z.input<S> };
}

/**
 * Where a job runs. A workspace job works inside one workspace with the scoped `ctx.db`: its JobRun's (the workspace
 * that started it) or, for a job our own code queues without a run, the one `workspaceOf(payload)` names. A platform
 * job (maintenance across workspaces) gets no workspace and no scoped client.
 *
 * `process` is the processor. It runs only in the worker: whatever it needs beyond the definition it imports lazily
 * (`await import(...)`), so the app, which imports job files to enqueue them, never loads worker-only code.
 */
type JobScope<S extends z.ZodType> =
  | {
      readonly scope: "workspace";
      readonly workspaceOf?: (payload: z.output<S>) => number;
      process(ctx: WorkspaceProcessorContext, payload: z.output<S>): Promise<unknown>;
    }
  | {
      readonly scope: "platform";
      process(ctx: PlatformProcessorContext, payload: z.output<S>): Promise<unknown>;
    };

export interface JobDefinition<N extends string = string, S extends z.ZodType = z.ZodType> extends JobSettings<S> {
  readonly name: N;
  readonly queue: QueueName;
  /** Ids and small values only, never whole records: the job reads fresh rows when it runs. */
  readonly payload: S;
  readonly scope: "workspace" | "platform";
  /** The worker's entry: validates the data with the payload schema, builds the scope's context, runs the processor. */
  readonly run: (source: JobContextSource, data: unknown) => Promise<unknown>;
}

export type JobPayloadInput<J extends JobDefinition> = z.input<J["payload"]>;
export type JobPayload<J extends JobDefinition> = z.output<J["payload"]>;

type DefineJobInput<N extends string, S extends z.ZodType> = { name: N; queue: QueueName; payload: S } & Partial<JobSettings<S>> &
  JobScope<S>;

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

/** A job, declared once: name, queue, payload, retries, retention, id, schedule, scope and processor. */
export function defineJob<const N extends string, S extends z.ZodType>(input: DefineJobInput<N, S>): JobDefinition<N, S> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(input.name)) {
    throw new Error(`Job name "${input.name}" must be kebab-case (letters, digits, dashes)`);
  }
  if (input.attempts !== undefined && (!Number.isInteger(input.attempts) || input.attempts < 1)) {
    throw new Error(`Job "${input.name}": attempts must be a positive integer`);
  }
  if (typeof input.process !== "function") throw new Error(`Job "${input.name}" has no processor`);
  const run = async (source: JobContextSource, data: unknown) => {
    const payload = parseJobPayload(input.name, input.payload, data);
    if (input.scope === "platform") return input.process(source.platform(), payload);
    return input.process(await source.workspace(input.workspaceOf ? input.workspaceOf(payload) : null), payload);
  };
  return Object.freeze({ ...DEFAULTS, ...input, run });
}

/** Validates a payload against the job's schema; a bad payload is a BAD_REQUEST naming the field. */
export function parsePayload<J extends JobDefinition>(job: J, payload: unknown): JobPayload<J> {
  return parseJobPayload<J["payload"]>(job.name, job.payload, payload);
}

function parseJobPayload<S extends z.ZodType>(name: string, schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
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
  throw new AppError("BAD_REQUEST", `Invalid payload for job "${name}": ${summary}`, { fieldErrors });
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
