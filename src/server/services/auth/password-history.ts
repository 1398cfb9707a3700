import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { PASSWORD_HISTORY_DEPTH, verifyPassword } from "@/server/auth/password";
import type { AccountRef } from "@/server/auth/account";

const owner = (a: AccountRef) => (a.kind === "user" ? { userId: a.id } : { adminId: a.id });

/** Refuses a password equal to one of the account's last 5 (users) or 10 (platform admins). */
export async function assertPasswordNotReused(account: AccountRef, newPassword: string) {
  const recent = await unsafeDb.passwordHistory.findMany({
    where: owner(account),
    orderBy: { createdAt: "desc" },
    take: PASSWORD_HISTORY_DEPTH[account.kind],
    select: { passwordHash: true },
  });
  const checks = await Promise.all(recent.map((h) => verifyPassword(newPassword, h.passwordHash)));
  if (checks.some(Boolean)) {
    throw AppError.field(
      "newPassword",
      `Choose a password you have not used recently (the last ${PASSWORD_HISTORY_DEPTH[account.kind]} are remembered).`,
    );
  }
}

export async function rememberPassword(account: AccountRef, passwordHash: string) {
  await unsafeDb.passwordHistory.create({ data: { accountKind: account.kind, ...owner(account), passwordHash } });
}
