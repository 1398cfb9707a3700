import type { Job } from "bullmq";
import { LRUCache } from "lru-cache";
import { workspaceContextFor, type RequestContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { tenantDb } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import type { JobContextSource, PlatformProcessorContext } from "@/server/jobs/define";
import type { Logger } from "@/server/logger";

/**
 * Workspaces as jobs read them, kept for a few seconds per process: an AI turn per lead message, and the fan-out of its
 * events, would otherwise read the same row for every job (a round trip to PostgreSQL each, hundreds a second). A
 * rename reaches jobs within the TTL; a deleted workspace's rows are gone with it (cascade), so a job started within
 * the TTL finds nothing of it to work on.
 */
const workspaces = new LRUCache<number, { id: number; name: string }>({ max: 10_000, ttl: 5_000 });

async function readWorkspace(workspaceId: number): Promise<{ id: number; name: string } | undefined> {
  const cached = workspaces.get(workspaceId);
  if (cached) return cached;
  // Raw through the tenant client (no Prisma query layer).
  const [workspace] = await tenantDb(workspaceId).$queryWorkspace<{ id: number; name: string }>(
    (ws) => Prisma.sql`SELECT id, name FROM "SubAccount" WHERE id = ${ws}`,
  );
  if (workspace) workspaces.set(workspaceId, workspace);
  return workspace;
}

/**
 * The context of one attempt of a job, built once from the BullMQ job and its JobRun: what a request's context
 * holds (an id, a logger naming the job, the workspace and its scoped `ctx.db`) plus progress and whether this is the
 * last attempt. The checks every workspace job needs are made here, once.
 */
export function jobContextSource(
  job: Job,
  log: Logger,
  run: { subAccountId: number | null } | null,
  reportProgress: (pct: number) => void,
): JobContextSource {
  const base: RequestContext = { requestId: `job:${job.queueName}:${job.id}`, log, ip: "worker", userAgent: null };
  const attempt: PlatformProcessorContext = {
    ...base,
    job,
    reportProgress,
    isFinalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
  };
  return {
    platform: () => attempt,
    async workspace(payloadWorkspaceId) {
      // The JobRun's workspace (written by enqueue for the workspace that started the job) wins; a payload naming
      // another one is refused rather than trusted.
      const runWorkspaceId = run?.subAccountId ?? null;
      if (runWorkspaceId !== null && payloadWorkspaceId !== null && payloadWorkspaceId !== runWorkspaceId) {
        throw new AppError("FORBIDDEN", `The job "${job.name}" names another workspace than the one that started it.`);
      }
      const workspaceId = runWorkspaceId ?? payloadWorkspaceId;
      if (workspaceId === null) throw new AppError("PRECONDITION_FAILED", `The job "${job.name}" must be started by a workspace.`);
      const workspace = await readWorkspace(workspaceId);
      if (!workspace) throw new AppError("NOT_FOUND", "The workspace of this job no longer exists.");
      return { ...workspaceContextFor(base, workspace), job, reportProgress, isFinalAttempt: attempt.isFinalAttempt };
    },
  };
}
