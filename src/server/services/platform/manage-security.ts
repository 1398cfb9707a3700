import { randomBytes } from "node:crypto";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext } from "@/server/context";
import { accountSubject } from "@/server/auth/lockout";
import { recordAudit } from "@/server/services/audit/record-audit";
import { hashAdminAuthCode } from "@/server/services/auth/register-admin";
import type { z } from "zod";
import type { issueAuthCodeSchema, unlockSchema } from "@/schemas/users";

const codeFields = { id: true, label: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true, createdBy: { select: { name: true } } } as const;

export const listAuthCodes = () => unsafeDb.adminAuthCode.findMany({ orderBy: { createdAt: "desc" }, take: 100, select: codeFields });

/** A one-use admin registration code, shown once; only its hash is kept. */
export async function issueAuthCode(ctx: AuthedContext, input: z.infer<typeof issueAuthCodeSchema>) {
  const code = randomBytes(18).toString("base64url");
  const authCode = await unsafeDb.adminAuthCode.create({
    data: {
      codeHash: hashAdminAuthCode(code),
      label: input.label || null,
      createdById: ctx.account.id,
      expiresAt: new Date(Date.now() + input.expiresInHours * 3_600_000),
    },
    select: codeFields,
  });
  await recordAudit(ctx, { action: "admin_code.issued", actor: ctx.account, targetType: "AdminAuthCode", targetId: authCode.id, changes: { label: authCode.label, expiresAt: authCode.expiresAt?.toISOString() ?? null } });
  return { code, authCode };
}

export async function revokeAuthCode(ctx: AuthedContext, input: { id: number }) {
  const { count } = await unsafeDb.adminAuthCode.updateMany({ where: { id: input.id, revokedAt: null, usedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("NOT_FOUND", "No unused, unrevoked code with this id.");
  await recordAudit(ctx, { action: "admin_code.revoked", actor: ctx.account, targetType: "AdminAuthCode", targetId: input.id });
  return { id: input.id };
}

/** The last 50 attempts for an email, with the counters of that account and of the addresses it was tried from. */
export async function signInAttempts(input: { email: string }) {
  const attempts = await unsafeDb.loginAttempt.findMany({
    where: { email: input.email },
    orderBy: { id: "desc" },
    take: 50,
    select: { id: true, accountKind: true, email: true, ip: true, userAgent: true, success: true, reason: true, createdAt: true },
  });
  const ips = [...new Set(attempts.flatMap((a) => (a.ip ? [a.ip] : [])))];
  const lockouts = await unsafeDb.accountLockout.findMany({
    where: {
      OR: [
        { subjectType: "account", subject: { in: [accountSubject("user", input.email), accountSubject("admin", input.email)] } },
        ...(ips.length ? [{ subjectType: "ip" as const, subject: { in: ips } }] : []),
      ],
    },
    orderBy: [{ subjectType: "asc" }, { subject: "asc" }],
    select: { subjectType: true, subject: true, failureCount: true, lockedUntil: true },
  });
  return { attempts, lockouts };
}

/** Clears failure counters and locks for an account and/or a client IP. */
export async function unlock(ctx: AuthedContext, input: z.infer<typeof unlockSchema>) {
  const subjects = [
    ...(input.email ? [{ subjectType: "account" as const, subject: accountSubject(input.accountKind, input.email) }] : []),
    ...(input.ip ? [{ subjectType: "ip" as const, subject: input.ip }] : []),
  ];
  const { count } = await unsafeDb.accountLockout.deleteMany({ where: { OR: subjects } });
  await recordAudit(ctx, { action: "auth.unlock", actor: ctx.account, changes: { email: input.email ?? null, accountKind: input.accountKind, ip: input.ip ?? null, cleared: count } });
  return { cleared: count };
}
