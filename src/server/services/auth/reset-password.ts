import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/context";
import { hashPassword } from "@/server/auth/password";
import { consumeAccountToken, findLiveAccountToken } from "@/server/auth/account-tokens";
import { accountSubject, clearFailures } from "@/server/auth/lockout";
import { revokeAllSessions } from "@/server/auth/sessions";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { ResetPasswordInput } from "@/schemas/auth";
import { assertPasswordNotReused } from "./password-history";

const LINK_NOT_VALID = "This link is not valid any more (it was used, replaced by a newer one, or expired). Ask for a new one.";

/**
 * Sets a new password from an emailed reset link (single use, 30 minutes). Every session of the account ends, its
 * sign-in lockout is lifted, and an address that was never verified counts as verified (the link proved it).
 * A refused new password (reused) leaves the link usable.
 */
export async function resetPassword(ctx: RequestContext, input: ResetPasswordInput): Promise<{ sessionsEnded: number }> {
  const now = new Date();
  const token = await findLiveAccountToken(input.token, "reset_password", now);
  if (!token) throw AppError.field("token", LINK_NOT_VALID);
  const account = { kind: "user" as const, id: token.userId };
  await assertPasswordNotReused(account, input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);

  const user = await unsafeDb.$transaction(async (tx) => {
    if (!(await consumeAccountToken(tx, token.id, now))) return null;
    const current = await tx.user.findUniqueOrThrow({ where: { id: token.userId }, select: { emailVerifiedAt: true } });
    const updated = await tx.user.update({
      where: { id: token.userId },
      data: { passwordHash, mustChangePassword: false, emailVerifiedAt: current.emailVerifiedAt ?? now },
      select: { id: true, email: true, subAccountId: true },
    });
    await tx.passwordHistory.create({ data: { accountKind: "user", userId: updated.id, passwordHash } });
    return updated;
  });
  if (!user) throw AppError.field("token", LINK_NOT_VALID);

  const ended = await revokeAllSessions(account, "password_reset", now);
  await clearFailures("account", accountSubject("user", user.email));
  await recordAudit(ctx, {
    action: "auth.password_reset",
    subAccountId: user.subAccountId,
    actor: account,
    changes: { sessionsEnded: ended },
  });
  return { sessionsEnded: ended };
}
