import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext } from "@/server/context";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { generateTemporaryPassword, hashPassword } from "@/server/auth/password";
import { revokeAllSessions } from "@/server/auth/sessions";
import { recordAudit } from "@/server/services/audit/record-audit";
import { rememberPassword } from "@/server/services/auth/password-history";
import type { z } from "zod";
import type { createAdminSchema, platformListUsersSchema, platformUpdateUserSchema, setAdminActiveSchema } from "@/schemas/users";
import { containsText } from "@/server/db/text-search";
import { isUniqueViolation } from "@/server/db/errors";

const userFields = { id: true, name: true, email: true, role: true, isActive: true, lastLoginAt: true, createdAt: true } as const;

export async function listAllUsers(input: z.infer<typeof platformListUsersSchema>) {
  const rows = await unsafeDb.user.findMany({
    where: {
      ...(input.subAccountId ? { subAccountId: input.subAccountId } : {}),
      ...(input.includeInactive ? {} : { isActive: true }),
      ...(input.search
        ? { OR: [{ name: containsText(input.search) }, { email: containsText(input.search) }] }
        : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: { ...userFields, subAccount: { select: { id: true, name: true } } },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ subAccount, ...u }) => ({ ...u, workspace: subAccount })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function updateAnyUser(ctx: AuthedContext, input: z.infer<typeof platformUpdateUserSchema>) {
  const before = await unsafeDb.user.findUnique({ where: { id: input.id }, select: userFields });
  if (!before) throw new AppError("NOT_FOUND", "No such user.");
  const user = await unsafeDb.user.update({
    where: { id: input.id },
    data: { ...(input.role ? { role: input.role } : {}), ...(input.isActive !== undefined ? { isActive: input.isActive } : {}) },
    select: { ...userFields, subAccountId: true },
  });
  if (input.isActive === false) await revokeAllSessions({ kind: "user", id: user.id }, "deactivated");
  const changes = { ...(input.role && input.role !== before.role ? { role: { from: before.role, to: input.role } } : {}), ...(input.isActive !== undefined ? { isActive: input.isActive } : {}) };
  await recordAudit(ctx, {
    action: input.isActive === false ? "user.deactivated" : input.role ? "user.role_changed" : "user.updated",
    subAccountId: user.subAccountId === ONBOARDING_WORKSPACE_ID ? null : user.subAccountId,
    actor: ctx.account,
    targetType: "User",
    targetId: user.id,
    changes,
  });
  return user;
}

const adminFields = { id: true, name: true, email: true, role: true, isActive: true, lastLoginAt: true, createdAt: true } as const;

export const listAdmins = () => unsafeDb.platformAdmin.findMany({ orderBy: { id: "asc" }, select: adminFields });

export async function createAdmin(ctx: AuthedContext, input: z.infer<typeof createAdminSchema>) {
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  let admin;
  try {
    admin = await unsafeDb.platformAdmin.create({
      data: { ...input, passwordHash, mustChangePassword: true, createdById: ctx.account.id },
      select: adminFields,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw AppError.field("email", "An admin with this email already exists.");
    throw e;
  }
  await rememberPassword({ kind: "admin", id: admin.id }, passwordHash);
  await recordAudit(ctx, { action: "admin.created", actor: ctx.account, targetType: "PlatformAdmin", targetId: admin.id, changes: { email: admin.email, role: admin.role } });
  return { admin, temporaryPassword };
}

export async function setAdminActive(ctx: AuthedContext, input: z.infer<typeof setAdminActiveSchema>) {
  if (input.id === ctx.account.id) throw new AppError("FORBIDDEN", "You cannot deactivate or reactivate yourself.");
  const exists = await unsafeDb.platformAdmin.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!exists) throw new AppError("NOT_FOUND", "No such admin.");
  const admin = await unsafeDb.platformAdmin.update({ where: { id: input.id }, data: { isActive: input.isActive }, select: adminFields });
  if (!input.isActive) await revokeAllSessions({ kind: "admin", id: admin.id }, "deactivated");
  await recordAudit(ctx, { action: input.isActive ? "admin.reactivated" : "admin.deactivated", actor: ctx.account, targetType: "PlatformAdmin", targetId: admin.id });
  return admin;
}
