import type { Logger } from "@/server/logger";
import type { Account } from "@/server/auth/account";
import { tenantDb, type TenantDb } from "@/server/db/tenant";

/** What every service receives about the request it serves (or the job it runs). */
export interface RequestContext {
  requestId: string;
  log: Logger;
  ip: string;
  userAgent: string | null;
}

export interface AuthedContext extends RequestContext {
  account: Account;
  sessionId: string | null;
}

/** A workspace service's context: `db` is already scoped to `workspace.id`. */
export interface WorkspaceContext extends RequestContext {
  account: Account | null;
  workspace: { id: number; name: string };
  db: TenantDb;
  /** True when a platform admin acts inside the workspace (their mutations are audited as such). */
  actingAsAdmin: boolean;
  /** Set when the caller is a workspace API key (no account): what the key is allowed is checked per endpoint. */
  apiKey?: { id: number; scopes: string[] };
}

/**
 * A workspace's context for work nobody signed in for (a job's attempt, built by the worker): the scoped client and
 * no account. Requests get theirs from the procedure middleware instead (api/trpc.ts).
 */
export function workspaceContextFor(base: RequestContext, workspace: { id: number; name: string }): WorkspaceContext {
  return { ...base, account: null, workspace: { id: workspace.id, name: workspace.name }, db: tenantDb(workspace.id), actingAsAdmin: false };
}

/**
 * What a job's attempt adds to its context (built once per attempt by the worker, worker/job-context.ts). Services
 * a job calls take `(ctx, input)` like any other; those that report progress or must know whether a retry follows
 * ask for these too.
 */
export interface JobAttempt {
  /** Records progress (0..100) on the job's JobRun, throttled; a no-op for a job without a run. */
  reportProgress(pct: number): void;
  /** No retry follows when this attempt fails: rows are then marked failed, not left waiting for a retry. */
  isFinalAttempt: boolean;
}

/** A workspace job's context: `db` scoped to the job's workspace, no account (nobody is signed in). */
export type WorkspaceJobContext = WorkspaceContext & JobAttempt;

/** A platform job's context (maintenance across workspaces): no workspace and no scoped client. */
export type PlatformJobContext = RequestContext & JobAttempt;
