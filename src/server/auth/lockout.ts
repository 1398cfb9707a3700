import type { AccountKind, LockoutSubject } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";

/**
 * Failed sign-ins are counted per account (kind + email, whether or not such an account exists, so the
 * answer never reveals it) and per client IP. Tiers escalate and do not reset when a lock expires:
 * the 5th failure locks for 15 minutes, the 10th for an hour, the 15th and every one after it for 24 hours.
 * A success clears the account's counter; 24 hours without a failure let a counter decay to zero.
 */
export const LOCKOUT_TIERS = { 5: 15 * 60_000, 10: 60 * 60_000, 15: 24 * 60 * 60_000 } as const;
export const FAILURE_DECAY_MS = 24 * 60 * 60_000;

export const accountSubject = (kind: AccountKind, email: string) => `${kind}:${email.toLowerCase()}`;

/** How long the n-th consecutive failure locks the subject (0: it does not). */
export function lockDurationFor(failures: number): number {
  if (failures >= 15) return LOCKOUT_TIERS[15];
  return LOCKOUT_TIERS[failures as 5 | 10] ?? 0;
}

export interface LockState {
  lockedUntil: Date | null;
}

/** The latest lock among the given subjects that is still in force, or null. */
export async function activeLock(subjects: { type: LockoutSubject; subject: string }[], now = new Date()) {
  const rows = await unsafeDb.accountLockout.findMany({
    where: {
      OR: subjects.map((s) => ({ subjectType: s.type, subject: s.subject })),
      lockedUntil: { gt: now },
    },
    select: { lockedUntil: true },
  });
  const until = rows.map((r) => r.lockedUntil!.getTime());
  return until.length ? new Date(Math.max(...until)) : null;
}

/**
 * Records one failure for a subject atomically (one upsert statement, safe under concurrent attempts)
 * and applies the lock of the tier reached.
 */
export async function recordFailure(type: LockoutSubject, subject: string, now = new Date()) {
  const decayBefore = new Date(now.getTime() - FAILURE_DECAY_MS);
  const rows = await unsafeDb.$queryRaw<{ failureCount: number }[]>`
    INSERT INTO "AccountLockout" ("subjectType", "subject", "failureCount", "lastFailureAt", "updatedAt")
    VALUES (${type}::"LockoutSubject", ${subject}, 1, ${now}, ${now})
    ON CONFLICT ("subjectType", "subject") DO UPDATE SET
      "failureCount" = CASE WHEN "AccountLockout"."lastFailureAt" IS NULL OR "AccountLockout"."lastFailureAt" < ${decayBefore}
                            THEN 1 ELSE "AccountLockout"."failureCount" + 1 END,
      "lastFailureAt" = ${now},
      "updatedAt" = ${now}
    RETURNING "failureCount"`;
  const failures = rows[0]?.failureCount ?? 1;
  const lockMs = lockDurationFor(failures);
  if (lockMs > 0) {
    await unsafeDb.accountLockout.update({
      where: { subjectType_subject: { subjectType: type, subject } },
      data: { lockedUntil: new Date(now.getTime() + lockMs) },
    });
  }
  return { failures, lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs) : null };
}

export async function clearFailures(type: LockoutSubject, subject: string) {
  await unsafeDb.accountLockout.deleteMany({ where: { subjectType: type, subject } });
}
