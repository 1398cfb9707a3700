import type { UserRole } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";

const RANK: Record<UserRole, number> = { user: 0, manager: 1, admin: 2 };

/** The signed-in member's user id, or null for a platform admin acting in the workspace (or an API key). */
export const actingUserId = (ctx: WorkspaceContext): number | null => (ctx.account?.kind === "user" ? ctx.account.id : null);

/**
 * A platform admin acting in the workspace has the powers of its admins. An API key (no account) reaches every
 * member's calendar like a manager: its scopes, checked per endpoint, decide what it may do there.
 */
export function hasWorkspaceRole(ctx: WorkspaceContext, role: UserRole): boolean {
  if (ctx.account?.kind === "admin") return true;
  if (!ctx.account && ctx.apiKey) return RANK[role] <= RANK.manager;
  return ctx.account?.kind === "user" && RANK[ctx.account.role] >= RANK[role];
}

/**
 * Whose calendar a call is about: `userId` when given, else the caller. Acting on someone else's needs `othersNeed`.
 * The user must exist in this workspace (ctx.db is scoped: another workspace's id reads as unknown).
 */
export async function resolveCalendarUser(ctx: WorkspaceContext, userId: number | undefined, othersNeed: UserRole) {
  const self = actingUserId(ctx);
  const target = userId ?? self;
  if (target === null) throw AppError.field("userId", "Choose whose calendar this is.");
  if (target !== self && !hasWorkspaceRole(ctx, othersNeed)) {
    throw new AppError("FORBIDDEN", `Only a workspace ${othersNeed} can do this for someone else's calendar.`);
  }
  const user = await ctx.db.user.findUnique({ where: { id: target }, select: { id: true, name: true, timezone: true, isActive: true } });
  if (!user) throw AppError.field("userId", "No such member in this workspace.");
  return user;
}
