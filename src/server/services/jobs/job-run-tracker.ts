import type { Job } from "bullmq";
import { Prisma } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { splitJobRunId } from "@/server/jobs/job-run-data";
import type { Logger } from "@/server/logger";

/** At most one progress write per this many milliseconds (about 4 a second); the last value is always written. */
export const PROGRESS_WRITE_INTERVAL_MS = 250;

/** The message a run shows for an error that is not an AppError; the detail stays in the worker's log. */
export function safeJobErrorMessage(error: unknown, reference: string): string {
  if (error instanceof AppError) return error.message;
  return `The job failed (reference ${reference})`;
}

function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

export interface JobRunTracker {
  /** Marks the run active for this attempt; returns the run's workspace (null for platform runs or a missing row). */
  start(attempt: number): Promise<{ subAccountId: number | null } | null>;
  reportProgress(pct: number): void;
  complete(result: unknown): Promise<void>;
  /** `final`: no attempt is left, the run fails; otherwise it waits for its retry (queued). */
  fail(message: string, attempt: number, final: boolean): Promise<void>;
}

/**
 * Writes one run's life cycle from the worker. The worker serves every workspace, so it addresses the run by
 * its id through unsafeDb: the id came from the job's own data, written by enqueue for that workspace.
 * Tracking failures are logged, never fail the job.
 */
export function jobRunTracker(jobRunId: number, log: Logger): JobRunTracker {
  let lastWriteAt = 0;
  let pending: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  let writes: Promise<unknown> = Promise.resolve();

  const guard = <T>(what: string, p: Promise<T>) =>
    p.catch((err: unknown) => {
      log.error({ err: { message: (err as Error).message }, jobRunId }, `could not record the run's ${what}`);
      return null;
    });

  const flush = () => {
    timer = undefined;
    if (pending === null || finished) return;
    const progress = pending;
    pending = null;
    lastWriteAt = Date.now();
    writes = writes.then(() =>
      guard("progress", unsafeDb.jobRun.updateMany({ where: { id: jobRunId, status: "active" }, data: { progress } })),
    );
  };

  const settle = async () => {
    finished = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    await writes;
  };

  return {
    async start(attempt) {
      return guard(
        "start",
        unsafeDb.jobRun.update({
          where: { id: jobRunId },
          data: { status: "active", attempts: attempt, startedAt: new Date(), error: null },
          select: { subAccountId: true },
        }),
      );
    },
    reportProgress(pct) {
      if (finished || !Number.isFinite(pct)) return;
      pending = Math.round(Math.min(100, Math.max(0, pct)));
      if (timer) return;
      const wait = lastWriteAt + PROGRESS_WRITE_INTERVAL_MS - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    async complete(result) {
      await settle();
      await guard(
        "result",
        unsafeDb.jobRun.update({
          where: { id: jobRunId },
          data: { status: "completed", progress: 100, result: toJson(result), error: null, finishedAt: new Date() },
        }),
      );
    },
    async fail(message, attempt, final) {
      await settle();
      await guard(
        "failure",
        unsafeDb.jobRun.update({
          where: { id: jobRunId },
          data: final
            ? { status: "failed", error: message, attempts: attempt, finishedAt: new Date() }
            : { status: "queued", attempts: attempt },
        }),
      );
    },
  };
}

/**
 * A job BullMQ failed without its processor recording the failure (no processor for it, stalled too often):
 * its run, still queued or active, fails too. Runs the processor already settled are left alone.
 */
export async function failRunOfAbandonedJob(job: Job, log: Logger): Promise<void> {
  const { jobRunId } = splitJobRunId(job.data);
  if (jobRunId === null) return;
  try {
    if ((await job.getState()) !== "failed") return; // a retry is still to come
    await unsafeDb.jobRun.updateMany({
      where: { id: jobRunId, status: { in: ["queued", "active"] } },
      data: { status: "failed", error: safeJobErrorMessage(null, String(job.id)), attempts: job.attemptsMade, finishedAt: new Date() },
    });
  } catch (err) {
    log.error({ err: { message: (err as Error).message }, jobRunId }, "could not record the run's failure");
  }
}
