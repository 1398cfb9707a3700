import type { Prisma } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import type { Account } from "@/server/auth/account";
import type { RequestContext, WorkspaceContext } from "@/server/context";

export interface AuditEntry {
  action: string;
  subAccountId?: number | null;
  actor?: Pick<Account, "kind" | "id"> | null;
  actingAs?: boolean;
  targetType?: string;
  targetId?: string | number;
  changes?: Prisma.InputJsonValue;
}

/** A client that can append audit rows: the base client, or a transaction's, so the record commits with the change. */
export interface AuditWriter {
  auditLog: { create(args: { data: Prisma.AuditLogUncheckedCreateInput }): PromiseLike<unknown> };
}

/**
 * Appends one audit record (the table refuses updates and deletes). Written with the base client because
 * platform events have no workspace; the workspace, when there is one, is always given explicitly. Pass the
 * transaction's client as `db` to commit the record together with what it records.
 */
export async function recordAudit(ctx: Pick<RequestContext, "ip" | "requestId">, entry: AuditEntry, db: AuditWriter = unsafeDb) {
  await db.auditLog.create({
    data: {
      action: entry.action,
      subAccountId: entry.subAccountId ?? null,
      actorKind: entry.actor?.kind ?? null,
      actorUserId: entry.actor?.kind === "user" ? entry.actor.id : null,
      actorAdminId: entry.actor?.kind === "admin" ? entry.actor.id : null,
      actingAs: entry.actingAs ?? false,
      targetType: entry.targetType,
      targetId: entry.targetId === undefined ? undefined : String(entry.targetId),
      ip: ctx.ip,
      requestId: ctx.requestId,
      changes: entry.changes,
    },
  });
}

/** An audit record for something done inside the context's workspace, by whoever the context says acted. */
export function auditInWorkspace(
  ctx: Pick<WorkspaceContext, "ip" | "requestId" | "workspace" | "account" | "actingAsAdmin">,
  entry: Omit<AuditEntry, "subAccountId" | "actor" | "actingAs">,
  db?: AuditWriter,
) {
  return recordAudit(ctx, { ...entry, subAccountId: ctx.workspace.id, actor: ctx.account, actingAs: ctx.actingAsAdmin }, db);
}
