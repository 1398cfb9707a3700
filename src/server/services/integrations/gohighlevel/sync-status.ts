import type { WorkspaceContext } from "@/server/context";
import { AppError, NON_RETRYABLE_CODES } from "@/server/errors";
import { ghlAppError } from "./connection";

/** After a successful call: the connection works and was synced now. */
export async function markSynced(ctx: WorkspaceContext, integrationId: number, extra: { syncCursor?: Date } = {}) {
  await ctx.db.integration.update({ where: { id: integrationId }, data: { status: "active", lastError: null, lastSyncAt: new Date(), ...extra }, select: { id: true } });
}

/**
 * A failed sync step: GoHighLevel's refusal, in words, becomes the connection's problem (on the last attempt, or when
 * it is not retried at all, such as a refused token or API address; so a 429 waited out on a retry never shows), and
 * the error is rethrown as an AppError the worker understands.
 */
export async function markFailed(ctx: WorkspaceContext & { isFinalAttempt?: boolean }, integrationId: number, e: unknown): Promise<never> {
  const known = ghlAppError(e);
  if (known instanceof AppError && ((ctx.isFinalAttempt ?? true) || NON_RETRYABLE_CODES.has(known.code))) {
    await ctx.db.integration.update({ where: { id: integrationId }, data: { status: "error", lastError: known.message }, select: { id: true } });
  }
  throw known;
}
