import type { Logger } from "@/server/logger";
import type { Account } from "@/server/auth/account";
import type { TenantDb } from "@/server/db/tenant";

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
}
