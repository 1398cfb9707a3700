/**
 * A job recorded as a JobRun carries the run's id in its BullMQ data under this key, beside the payload.
 * The worker takes it out before the payload is validated, so strict payload schemas never see it.
 */
export const JOB_RUN_KEY = "_jobRunId";

export function withJobRunId(payload: unknown, jobRunId: number): Record<string, unknown> {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new Error("A recorded job's payload must be an object");
  }
  return { ...(payload as Record<string, unknown>), [JOB_RUN_KEY]: jobRunId };
}

/** Splits BullMQ job data into the payload and the JobRun id it carries (null for unrecorded jobs). */
export function splitJobRunId(data: unknown): { payload: unknown; jobRunId: number | null } {
  if (data === null || typeof data !== "object" || !(JOB_RUN_KEY in data)) return { payload: data, jobRunId: null };
  const { [JOB_RUN_KEY]: id, ...payload } = data as Record<string, unknown>;
  return { payload, jobRunId: typeof id === "number" && Number.isInteger(id) ? id : null };
}

/** The JobRun id of a BullMQ job, if it was recorded. */
export function jobRunIdOf(job: { data: unknown }): number | null {
  return splitJobRunId(job.data).jobRunId;
}
