import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext } from "@/server/context";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { revokeAllSessions } from "@/server/auth/sessions";
import { ADMIN_PASSWORD_MIN, type ChangePasswordInput } from "@/schemas/auth";
import { recordAudit } from "@/server/services/audit/record-audit";
import { assertPasswordNotReused, rememberPassword } from "./password-history";

/** Changes the signed-in account's password and ends every one of its sessions, this one included. */
export async function changePassword(ctx: AuthedContext, input: ChangePasswordInput) {
  const { account } = ctx;
  if (account.kind === "admin" && input.newPassword.length < ADMIN_PASSWORD_MIN) {
    throw AppError.field("newPassword", `Password must be at least ${ADMIN_PASSWORD_MIN} characters`);
  }
  const current =
    account.kind === "user"
      ? await unsafeDb.user.findUnique({ where: { id: account.id }, select: { passwordHash: true } })
      : await unsafeDb.platformAdmin.findUnique({ where: { id: account.id }, select: { passwordHash: true } });
  if (!current || !(await verifyPassword(input.currentPassword, current.passwordHash))) {
    throw AppError.field("currentPassword", "Current password is incorrect.");
  }
  await assertPasswordNotReused(account, input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  if (account.kind === "user") {
    await unsafeDb.user.update({ where: { id: account.id }, data: { passwordHash, mustChangePassword: false } });
  } else {
    await unsafeDb.platformAdmin.update({ where: { id: account.id }, data: { passwordHash, mustChangePassword: false } });
  }
  await rememberPassword(account, passwordHash);
  const ended = await revokeAllSessions(account, "password_changed");
  await recordAudit(ctx, {
    action: "auth.password_changed",
    subAccountId: account.kind === "user" ? account.subAccountId : null,
    actor: account,
    changes: { sessionsEnded: ended },
  });
  return { sessionsEnded: ended };
}
