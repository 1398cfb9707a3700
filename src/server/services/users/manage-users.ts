import type { UserRole } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { generateTemporaryPassword, hashPassword } from "@/server/auth/password";
import { revokeAllSessions } from "@/server/auth/sessions";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { rememberPassword } from "@/server/services/auth/password-history";
import type { z } from "zod";
import type { createUserSchema, listUsersSchema } from "@/schemas/users";
import { containsText } from "@/server/db/text-search";
import { isUniqueViolation } from "@/server/db/errors";

const memberFields = {
  id: true,
  name: true,
  email: true,
  role: true,
  isActive: true,
  mustChangePassword: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

export async function listUsers(ctx: WorkspaceContext, input: z.infer<typeof listUsersSchema>) {
  const rows = await ctx.db.user.findMany({
    where: {
      ...(input.includeInactive ? {} : { isActive: true }),
      ...(input.search
        ? { OR: [{ name: containsText(input.search) }, { email: containsText(input.search) }] }
        : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: memberFields,
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Nobody edits their own role, active flag or membership: another admin must. */
function refuseSelf(ctx: WorkspaceContext, userId: number, what: string) {
  if (ctx.account?.kind === "user" && ctx.account.id === userId) {
    throw new AppError("FORBIDDEN", `You cannot ${what} yourself. Ask another admin of this workspace.`);
  }
}

/** A workspace always keeps at least one active admin. */
async function refuseRemovingLastAdmin(ctx: WorkspaceContext, userId: number) {
  const others = await ctx.db.user.count({ where: { role: "admin", isActive: true, id: { not: userId } } });
  if (others === 0) throw new AppError("PRECONDITION_FAILED", "A workspace needs at least one active admin. Promote someone else first.");
}

async function findMember(ctx: WorkspaceContext, id: number) {
  const user = await ctx.db.user.findUnique({ where: { id }, select: memberFields });
  if (!user) throw new AppError("NOT_FOUND", "No such member in this workspace.");
  return user;
}

export async function createUser(ctx: WorkspaceContext, input: z.infer<typeof createUserSchema>) {
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  let user;
  try {
    user = await ctx.db.user.create({
      data: { subAccountId: ctx.workspace.id, name: input.name, email: input.email, role: input.role, passwordHash, mustChangePassword: true },
      select: memberFields,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw AppError.field("email", "An account with this email already exists.");
    throw e;
  }
  await rememberPassword({ kind: "user", id: user.id }, passwordHash);
  await auditInWorkspace(ctx, { action: "user.created", targetType: "User", targetId: user.id, changes: { email: user.email, role: user.role } });
  return { user, temporaryPassword };
}

export async function updateUserRole(ctx: WorkspaceContext, input: { id: number; role: UserRole }) {
  refuseSelf(ctx, input.id, "change the role of");
  const before = await findMember(ctx, input.id);
  if (before.role === "admin" && input.role !== "admin") await refuseRemovingLastAdmin(ctx, input.id);
  const user = await ctx.db.user.update({ where: { id: input.id }, data: { role: input.role }, select: memberFields });
  await auditInWorkspace(ctx, { action: "user.role_changed", targetType: "User", targetId: user.id, changes: { from: before.role, to: user.role } });
  return user;
}

export async function setUserActive(ctx: WorkspaceContext, input: { id: number; isActive: boolean }) {
  refuseSelf(ctx, input.id, input.isActive ? "reactivate" : "deactivate");
  const before = await findMember(ctx, input.id);
  if (!input.isActive && before.role === "admin") await refuseRemovingLastAdmin(ctx, input.id);
  const user = await ctx.db.user.update({ where: { id: input.id }, data: { isActive: input.isActive }, select: memberFields });
  // The session check reads isActive on every request; revoking as well keeps the sessions dead after a reactivation.
  const sessionsEnded = input.isActive ? 0 : await revokeAllSessions({ kind: "user", id: user.id }, "deactivated");
  await auditInWorkspace(ctx, {
    action: input.isActive ? "user.reactivated" : "user.deactivated",
    targetType: "User",
    targetId: user.id,
    changes: { sessionsEnded },
  });
  return user;
}

export async function removeUser(ctx: WorkspaceContext, input: { id: number }) {
  refuseSelf(ctx, input.id, "remove");
  const before = await findMember(ctx, input.id);
  if (before.role === "admin") await refuseRemovingLastAdmin(ctx, input.id);
  const bookings = await ctx.db.booking.count({ where: { userId: input.id } });
  if (bookings > 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `${before.name} has ${bookings} booking${bookings === 1 ? "" : "s"}. Deactivate them instead, or move their bookings first.`,
    );
  }
  await ctx.db.user.delete({ where: { id: input.id } });
  await auditInWorkspace(ctx, { action: "user.removed", targetType: "User", targetId: input.id, changes: { email: before.email } });
  return { id: input.id };
}
