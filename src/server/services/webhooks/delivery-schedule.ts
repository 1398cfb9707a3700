/**
 * Exponential backoff over about a day: after attempt n fails, attempt n+1 waits RETRY_DELAYS_MS[n-1]. Eleven
 * attempts in all, the last about 23.7 hours after the first. Test events get one attempt.
 */
export const RETRY_DELAYS_MS = [
  5_000,
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  60 * 60_000,
  2 * 3600_000,
  4 * 3600_000,
  8 * 3600_000,
  8 * 3600_000,
] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** An endpoint whose every attempt failed for this long is turned off and the workspace's admins are told. */
export const DISABLE_AFTER_FAILING_MS = 24 * 3600_000;

/** The wait before the attempt after `attempt` (1-based), or null when none follows. */
export function retryDelayAfter(attempt: number, isTest: boolean): number | null {
  if (isTest || attempt >= MAX_ATTEMPTS) return null;
  return RETRY_DELAYS_MS[attempt - 1] ?? null;
}
