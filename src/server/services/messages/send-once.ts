import type { MessageStatus, Prisma } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { DeliveryError, type SendResult } from "@/server/integrations/messaging";
import type { Logger } from "@/server/logger";
import { isLockNotAvailable } from "@/server/db/errors";

type Tx = Prisma.TransactionClient;

/** What a send job returns (kept on its JobRun): ids and facts, never the recipient or the text. */
export type SendOnceResult = { outcome: "sent"; externalId: string } | { outcome: "already-sent"; externalId: string | null };

export interface SendableRow {
  status: MessageStatus;
  externalId: string | null;
}

export interface SendOnceSteps<Row extends SendableRow> {
  /** Locks the row with `FOR UPDATE NOWAIT` (explicitly filtered by workspace) and reads it; null if it is not there. */
  lock(tx: Tx): Promise<Row | null>;
  /** Calls the driver. Throws DeliveryError (permanent) when the row cannot be delivered at all, e.g. no recipient. */
  deliver(row: Row, tx: Tx): Promise<SendResult>;
  /** Writes the outcome on the row, inside the same transaction. */
  record(tx: Tx, row: Row, outcome: { status: "sent"; externalId: string } | { status: "queued" | "failed"; error: string }): Promise<void>;
  notFoundMessage: string;
}


type Outcome =
  | SendOnceResult
  | { outcome: "missing" }
  | { outcome: "not-sendable"; status: MessageStatus }
  | { outcome: "refused"; permanent: boolean; reason: string };

/**
 * Sends one stored message (a lead Message or a NotificationEmail) at most once per successful commit:
 *   BEGIN; lock the row (NOWAIT); sent already -> done; call the driver; record sent + externalId; COMMIT.
 * A second attempt of the same logical send (a retry, a stalled job run again, a duplicate job) either finds the row
 * locked (it fails fast and retries later) or finds it sent (it does nothing).
 *
 * The window that remains (at-least-once): the provider accepted the message but the COMMIT never happened (the
 * worker died, or PostgreSQL went away, between the driver's answer and the commit). The row is then still queued
 * and the next attempt sends again. Twilio and Postmark take no idempotency key, so this window cannot be closed
 * from our side; the `reference` sent as metadata lets such a duplicate be found in the provider's log.
 *
 * Errors: a permanent DeliveryError marks the row failed with its readable message and throws a non-retryable
 * AppError; any other failure leaves the row queued (with the reason) and throws a retryable one, except on the
 * final attempt, where the row is marked failed too.
 */
export async function sendOnce<Row extends SendableRow>(
  steps: SendOnceSteps<Row>,
  opts: { finalAttempt: boolean; log: Logger },
): Promise<SendOnceResult> {
  let result: Outcome;
  try {
    result = await unsafeDb.$transaction(
      async (tx): Promise<Outcome> => {
        const row = await steps.lock(tx);
        if (!row) return { outcome: "missing" };
        if (row.status === "sent" || row.status === "delivered") return { outcome: "already-sent", externalId: row.externalId };
        if (row.status !== "queued" && row.status !== "failed") return { outcome: "not-sendable", status: row.status };
        try {
          const { externalId } = await steps.deliver(row, tx);
          await steps.record(tx, row, { status: "sent", externalId });
          return { outcome: "sent", externalId };
        } catch (e) {
          const known = e instanceof DeliveryError;
          if (!known) opts.log.error({ err: { name: (e as Error).name, message: (e as Error).message } }, "message delivery failed");
          else opts.log.warn({ providerCode: e.providerCode, permanent: e.permanent }, "message refused by the driver");
          const permanent = known && e.permanent;
          const reason = known ? e.message : "The message could not be handed to the provider.";
          const final = permanent || opts.finalAttempt;
          await steps.record(tx, row, { status: final ? "failed" : "queued", error: final ? reason : `${reason} Retrying.` });
          return { outcome: "refused", permanent, reason };
        }
      },
      { maxWait: 5_000, timeout: 60_000 },
    );
  } catch (e) {
    if (isLockNotAvailable(e)) {
      throw new AppError("SERVICE_UNAVAILABLE", "Another attempt is sending this message right now; this one will check again later.");
    }
    throw e;
  }

  switch (result.outcome) {
    case "sent":
    case "already-sent":
      return result;
    case "missing":
      throw new AppError("NOT_FOUND", steps.notFoundMessage);
    case "not-sendable":
      throw new AppError("PRECONDITION_FAILED", `A message with status "${result.status}" is not sent.`);
    case "refused":
      throw new AppError(result.permanent ? "PRECONDITION_FAILED" : "SERVICE_UNAVAILABLE", result.reason);
  }
}
