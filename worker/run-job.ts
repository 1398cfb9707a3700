import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import type { JobDefinition } from "@/server/jobs/define";
import { splitJobRunId } from "@/server/jobs/job-run-data";
import { AppError, NON_RETRYABLE_CODES } from "@/server/errors";
import type { Logger } from "@/server/logger";
import { jobRunTracker, safeJobErrorMessage } from "@/server/services/jobs/job-run-tracker";
import { jobContextSource } from "./job-context";

/**
 * Runs one BullMQ job: builds the job's context, validates job.data with the job's schema and runs its processor,
 * logs start/finish/failure with the job id, and turns non-retryable AppErrors (and a bad payload) into
 * UnrecoverableError so BullMQ does not retry. A recorded job's JobRun follows along: active, progress, completed
 * with the result, or failed with a safe message after the last attempt.
 */
export async function runJob(definition: JobDefinition, job: Job, baseLog: Logger): Promise<unknown> {
  const attempt = job.attemptsMade + 1;
  const { payload: data, jobRunId } = splitJobRunId(job.data);
  const log = baseLog.child({ jobId: job.id, job: job.name, queue: job.queueName, attempt, ...(jobRunId ? { jobRunId } : {}) });
  const tracker = jobRunId ? jobRunTracker(jobRunId, log) : null;
  const started = Date.now();
  log.info("job started");
  try {
    const run = tracker ? await tracker.start(attempt) : null;
    const result = await definition.run(jobContextSource(job, log, run, (pct) => tracker?.reportProgress(pct)), data);
    await tracker?.complete(result);
    log.info({ durationMs: Date.now() - started, result: summarize(result) }, "job finished");
    return result;
  } catch (e) {
    // The processor moved the job back to delayed itself (it waits for something); not a failure.
    if (e instanceof DelayedError) {
      log.debug({ durationMs: Date.now() - started }, "job delayed");
      throw e;
    }
    const unrecoverable = e instanceof UnrecoverableError || (e instanceof AppError && NON_RETRYABLE_CODES.has(e.code));
    const willRetry = !unrecoverable && attempt < (job.opts.attempts ?? 1);
    log.error(
      {
        durationMs: Date.now() - started,
        err: { name: (e as Error).name, message: (e as Error).message, code: (e as AppError).code },
        willRetry,
      },
      "job failed",
    );
    await tracker?.fail(safeJobErrorMessage(e, String(job.id)), attempt, !willRetry);
    if (e instanceof AppError && NON_RETRYABLE_CODES.has(e.code)) {
      throw new UnrecoverableError(`${e.code}: ${e.message}`);
    }
    throw e;
  }
}

// Results are counts and ids; anything else is not logged.
function summarize(result: unknown): unknown {
  if (result === null || typeof result !== "object") return result;
  return Object.fromEntries(
    Object.entries(result).filter(([, v]) => typeof v === "number" || typeof v === "boolean"),
  );
}
