import type { Prisma } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/context";
import type { z } from "zod";
import type { auditListSchema, platformAuditListSchema } from "@/schemas/audit";
import { containsText } from "@/server/db/text-search";

type AuditFilters = z.infer<typeof auditListSchema>;

function whereFor(input: AuditFilters): Prisma.AuditLogWhereInput {
  return {
    ...(input.action ? { action: containsText(input.action) } : {}),
    ...(input.actorUserId ? { actorUserId: input.actorUserId } : {}),
    ...(input.from || input.to ? { createdAt: { gte: input.from, lte: input.to } } : {}),
    ...(input.cursor ? { id: { lt: input.cursor } } : {}),
  };
}

type Row = Prisma.AuditLogGetPayload<object>;

/** Names the actors of a page of audit rows with two lookups, not one per row. */
async function present(rows: Row[], limit: number, workspaces = false) {
  const page = rows.slice(0, limit);
  const userIds = [...new Set(page.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])))];
  const adminIds = [...new Set(page.flatMap((r) => (r.actorAdminId ? [r.actorAdminId] : [])))];
  const workspaceIds = [...new Set(page.flatMap((r) => (r.subAccountId ? [r.subAccountId] : [])))];
  const [users, admins, subAccounts] = await Promise.all([
    userIds.length ? unsafeDb.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [],
    adminIds.length ? unsafeDb.platformAdmin.findMany({ where: { id: { in: adminIds } }, select: { id: true, name: true, email: true } }) : [],
    workspaces && workspaceIds.length ? unsafeDb.subAccount.findMany({ where: { id: { in: workspaceIds } }, select: { id: true, name: true } }) : [],
  ]);
  const byUser = new Map(users.map((u) => [u.id, u]));
  const byAdmin = new Map(admins.map((a) => [a.id, a]));
  const byWorkspace = new Map(subAccounts.map((w) => [w.id, w]));
  const items = page.map((r) => {
    const actor = r.actorUserId ? byUser.get(r.actorUserId) : r.actorAdminId ? byAdmin.get(r.actorAdminId) : undefined;
    return {
      id: r.id,
      action: r.action,
      actorKind: r.actorKind,
      actor: actor ? { name: actor.name, email: actor.email } : null,
      actingAs: r.actingAs,
      targetType: r.targetType,
      targetId: r.targetId,
      ip: r.ip,
      changes: r.changes,
      createdAt: r.createdAt,
      ...(workspaces ? { workspace: r.subAccountId ? (byWorkspace.get(r.subAccountId) ?? { id: r.subAccountId, name: "(deleted)" }) : null } : {}),
    };
  });
  return { items, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * A workspace's own log. Actor names are looked up across accounts (a platform admin who acted here is named),
 * which is why the lookups use the base client; the rows themselves come from the scoped client.
 */
export async function listWorkspaceAudit(ctx: WorkspaceContext, input: AuditFilters) {
  const rows = await ctx.db.auditLog.findMany({ where: whereFor(input), orderBy: { id: "desc" }, take: input.limit + 1 });
  return present(rows, input.limit);
}

export async function listPlatformAudit(input: z.infer<typeof platformAuditListSchema>) {
  const rows = await unsafeDb.auditLog.findMany({
    where: {
      ...whereFor(input),
      ...(input.subAccountId ? { subAccountId: input.subAccountId } : {}),
      ...(input.actorAdminId ? { actorAdminId: input.actorAdminId } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return present(rows, input.limit, true);
}
