import type { AccountKind } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/context";
import { burnPasswordCheck, verifyPassword } from "@/server/auth/password";
import { accountSubject, activeLock, clearFailures, recordFailure } from "@/server/auth/lockout";
import { createSession, type IssuedSession } from "@/server/auth/sessions";
import { recordAudit } from "@/server/services/audit/record-audit";
import { EMAIL_NOT_VERIFIED, type SignInInput } from "@/schemas/auth";

/** One answer for an unknown email and a wrong password: the caller learns nothing about which. */
export const INVALID_CREDENTIALS = "Invalid email or password.";

function lockedError(until: Date, now: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    { retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000) },
  );
}

async function findAccount(kind: AccountKind, email: string) {
  if (kind === "user") {
    const user = await unsafeDb.user.findUnique({ where: { email } });
    return user && { id: user.id, passwordHash: user.passwordHash, isActive: user.isActive, subAccountId: user.subAccountId, emailVerified: user.emailVerifiedAt !== null };
  }
  const admin = await unsafeDb.platformAdmin.findUnique({ where: { email } });
  // Platform admins are created by the seed or with an authorization code from another admin: nothing to verify.
  return admin && { id: admin.id, passwordHash: admin.passwordHash, isActive: admin.isActive, subAccountId: null, emailVerified: true };
}

/**
 * Checks credentials with lockouts per account and per IP, records every attempt, and opens a
 * server-side session on success.
 */
export async function signInWithPassword(ctx: RequestContext, input: SignInInput, now = new Date()): Promise<IssuedSession & { accountId: number }> {
  const kind = input.accountKind;
  const subjects = [
    { type: "account" as const, subject: accountSubject(kind, input.email) },
    { type: "ip" as const, subject: ctx.ip },
  ];
  const attempt = (success: boolean, reason: string, accountId?: number) =>
    unsafeDb.loginAttempt.create({
      data: {
        accountKind: kind,
        email: input.email,
        ip: ctx.ip,
        userAgent: ctx.userAgent?.slice(0, 512),
        success,
        reason,
        userId: kind === "user" ? accountId : undefined,
        adminId: kind === "admin" ? accountId : undefined,
        createdAt: now,
      },
    });

  const lockedUntil = await activeLock(subjects, now);
  if (lockedUntil) {
    await attempt(false, "locked");
    throw lockedError(lockedUntil, now);
  }

  const account = await findAccount(kind, input.email);
  const passwordOk = account ? await verifyPassword(input.password, account.passwordHash) : (await burnPasswordCheck(input.password), false);

  if (!account || !passwordOk) {
    await attempt(false, account ? "wrong_password" : "unknown_account", account?.id);
    await recordAudit(ctx, {
      action: "auth.sign_in_failed",
      subAccountId: account?.subAccountId ?? null,
      actor: account ? { kind, id: account.id } : null,
      changes: { email: input.email, reason: account ? "wrong_password" : "unknown_account" },
    });
    const results = await Promise.all(subjects.map((s) => recordFailure(s.type, s.subject, now)));
    const lock = results.find((r) => r.lockedUntil);
    if (lock?.lockedUntil) {
      ctx.log.warn({ kind, ip: ctx.ip, failures: lock.failures }, "sign-in lockout applied");
      await recordAudit(ctx, {
        action: "auth.lockout",
        subAccountId: account?.subAccountId ?? null,
        actor: account ? { kind, id: account.id } : null,
        changes: { email: input.email, failures: lock.failures, lockedUntil: lock.lockedUntil.toISOString() },
      });
    }
    throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
  }

  if (!account.isActive) {
    await attempt(false, "deactivated", account.id);
    throw new AppError("FORBIDDEN", "This account has been deactivated. Contact your administrator.");
  }

  // Told only to whoever knows the password: the sign-in form then offers to send the link again.
  if (!account.emailVerified) {
    await attempt(false, "email_not_verified", account.id);
    throw new AppError("FORBIDDEN", EMAIL_NOT_VERIFIED);
  }

  await clearFailures("account", subjects[0]!.subject);
  const session = await createSession({ kind, id: account.id }, { rememberMe: input.rememberMe, ip: ctx.ip, userAgent: ctx.userAgent }, now);
  await attempt(true, "ok", account.id);
  if (kind === "user") await unsafeDb.user.update({ where: { id: account.id }, data: { lastLoginAt: now } });
  else await unsafeDb.platformAdmin.update({ where: { id: account.id }, data: { lastLoginAt: now } });
  await recordAudit(ctx, { action: "auth.sign_in", subAccountId: account.subAccountId, actor: { kind, id: account.id } });
  return { ...session, accountId: account.id };
}
