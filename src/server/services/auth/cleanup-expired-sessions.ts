import type { RequestContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A revoked session is kept this long so "signed out elsewhere" and audit views can still show it. */
export const REVOKED_SESSION_RETENTION_MS = DAY;
/** Lockout failure counters decay after this long without a new failure. */
export const LOCKOUT_DECAY_MS = 24 * HOUR;
export const LOGIN_ATTEMPT_RETENTION_MS = 90 * DAY;

export interface CleanupExpiredSessionsResult {
  sessions: number;
  lockouts: number;
  loginAttempts: number;
}

/**
 * Scheduled maintenance across all workspaces (hence unsafeDb). Deleting a session deletes its refresh
 * tokens (ON DELETE CASCADE). A lockout row goes once it no longer locks anything and its last failure
 * (or, without one, its last change) is older than the decay window.
 */
export async function cleanupExpiredSessions(
  _ctx: RequestContext,
  { now = new Date() }: { now?: Date } = {},
): Promise<CleanupExpiredSessionsResult> {
  const revokedBefore = new Date(now.getTime() - REVOKED_SESSION_RETENTION_MS);
  const failuresBefore = new Date(now.getTime() - LOCKOUT_DECAY_MS);
  const attemptsBefore = new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS);

  const sessions = await unsafeDb.authSession.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { revokedAt: { lt: revokedBefore } }] },
  });
  const lockouts = await unsafeDb.accountLockout.deleteMany({
    where: {
      AND: [
        { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        {
          OR: [
            { lastFailureAt: { lt: failuresBefore } },
            { lastFailureAt: null, updatedAt: { lt: failuresBefore } },
          ],
        },
      ],
    },
  });
  const loginAttempts = await unsafeDb.loginAttempt.deleteMany({ where: { createdAt: { lt: attemptsBefore } } });

  return { sessions: sessions.count, lockouts: lockouts.count, loginAttempts: loginAttempts.count };
}
