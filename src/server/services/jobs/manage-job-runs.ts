import type { z } from "zod";
import type { listJobRunsSchema } from "@/schemas/jobs";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { NOT_QUEUED_MESSAGE } from "@/server/jobs/enqueue";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { requeueRunJob, RESET_RUN } from "./requeue-run";

const runFields = {
  id: true,
  queue: true,
  name: true,
  status: true,
  progress: true,
  result: true,
  error: true,
  attempts: true,
  startedByUserId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

type RunRow = { startedByUserId: number | null };

/** Adds `startedBy: { id, name } | null` from the workspace's users (the column is not a foreign key). */
async function withStartedBy<R extends RunRow>(ctx: WorkspaceContext, rows: R[]) {
  const ids = [...new Set(rows.map((r) => r.startedByUserId).filter((id): id is number => id !== null))];
  const users = ids.length
    ? await ctx.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((row) => ({ ...row, startedBy: row.startedByUserId === null ? null : (byId.get(row.startedByUserId) ?? null) }));
}

export async function listJobRuns(ctx: WorkspaceContext, input: z.infer<typeof listJobRunsSchema>) {
  const rows = await ctx.db.jobRun.findMany({
    where: {
      ...(input.status ? { status: input.status } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: runFields,
  });
  const items = await withStartedBy(ctx, rows.slice(0, input.limit));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getJobRun(ctx: WorkspaceContext, input: { id: number }) {
  const run = await ctx.db.jobRun.findUnique({ where: { id: input.id }, select: runFields });
  if (!run) throw new AppError("NOT_FOUND", "No such job run in this workspace.");
  const [withUser] = await withStartedBy(ctx, [run]);
  return withUser!;
}

/** Runs a failed run of this workspace again, from its first attempt. */
export async function retryJobRun(ctx: WorkspaceContext, input: { id: number }) {
  const run = await ctx.db.jobRun.findUnique({
    where: { id: input.id },
    select: { id: true, queue: true, name: true, bullJobId: true, payload: true, status: true },
  });
  if (!run) throw new AppError("NOT_FOUND", "No such job run in this workspace.");
  if (run.status !== "failed") throw new AppError("PRECONDITION_FAILED", "Only a failed run can be retried.");
  // Claimed with a status check so two retries at once put the job back only once.
  const claimed = await ctx.db.jobRun.updateMany({ where: { id: run.id, status: "failed" }, data: RESET_RUN });
  if (claimed.count === 0) throw new AppError("CONFLICT", "This run is already being retried.");
  // The run as the retry leaves it (queued, no error, no progress): once requeued, a worker may move it on at once.
  const queued = await getJobRun(ctx, { id: run.id });
  try {
    await requeueRunJob(run);
  } catch (e) {
    const message = e instanceof AppError ? e.message : NOT_QUEUED_MESSAGE;
    await ctx.db.jobRun.update({ where: { id: run.id }, data: { status: "failed", error: message, finishedAt: new Date() } });
    throw e;
  }
  await auditInWorkspace(ctx, { action: "job_run.retried", targetType: "JobRun", targetId: run.id, changes: { name: run.name } });
  return queued;
}
