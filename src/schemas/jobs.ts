import { z } from "zod";
import { idSchema, pageLimit, paginationSchema, text, wholeNumber } from "./common";

export const JOB_RUN_STATUSES = ["queued", "active", "completed", "failed"] as const;
export type JobRunStatusName = (typeof JOB_RUN_STATUSES)[number];

/** The queues of src/server/jobs/define.ts (kept here too so forms need no server import). */
export const JOB_QUEUE_NAMES = ["default", "messaging", "ai", "events", "webhooks"] as const;

export const listJobRunsSchema = paginationSchema.extend({
  status: z.enum(JOB_RUN_STATUSES).optional(),
});

export const jobRunIdSchema = z.object({ id: idSchema });

export const failedJobsSchema = z.object({
  queue: z.enum(JOB_QUEUE_NAMES),
  /** Offset into the queue's failed list (BullMQ keeps no stable ids to page by). */
  cursor: wholeNumber(0, 100_000, "The offset").nullish(),
  limit: pageLimit(100, 25),
});

export const retryQueueJobSchema = z.object({
  queue: z.enum(JOB_QUEUE_NAMES),
  jobId: text().min(1, "Enter a job id").max(200),
});
