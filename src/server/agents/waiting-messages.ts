import type { RequestContext, WorkspaceContext } from "@/server/context";
import { Prisma, unsafeQuery } from "@/server/db/client";
import { enqueue } from "@/server/jobs/enqueue";
import { aiTurnJob } from "@/server/jobs/ai-turn";
import { processInboundSmsJob } from "@/server/jobs/process-inbound-sms";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { NEEDS_HUMAN_MESSAGES } from "./run-turn";

/**
 * A lead's message waiting for the AI (status `pending`) never waits forever. Its turn is queued when it arrives; when
 * that enqueue was lost (Redis down at that moment) the sweep queues it again, and when no answer came long after the
 * strategy's pacing delay (the turn kept failing, or the AI is stuck) the message goes to a person, who sees why.
 */
export const REQUEUE_AFTER_MS = 2 * 60_000;
export const HAND_OVER_AFTER_MS = 15 * 60_000;

export type HandOverReason = "failed" | "stale";

/** Every pending message of the lead goes to a person, with the reason; the inbox hears of it. */
export async function handOverPendingMessages(ctx: WorkspaceContext, input: { leadId: number; reason: HandOverReason }): Promise<number> {
  const { count } = await ctx.db.message.updateMany({
    where: { leadId: input.leadId, role: "lead", status: "pending" },
    data: { status: "needs_human", error: NEEDS_HUMAN_MESSAGES[input.reason] },
  });
  if (count > 0) await publishConversationEvent(ctx.workspace.id, { leadId: input.leadId, kind: "message" });
  return count;
}

/**
 * The `sweep-waiting-messages` job (every few minutes). It looks at every workspace at once, hence `unsafeQuery`:
 * each statement joins and filters on the rows' own `subAccountId`.
 * A message counts as overdue from the end of its strategy's longest pacing delay.
 */
export async function sweepWaitingMessages(
  ctx: RequestContext,
  input: { now?: Date } = {},
): Promise<{ requeued: number; handedOver: number }> {
  const { log } = ctx;
  const now = input.now ?? new Date();
  const overdueSince = (afterMs: number) => Prisma.sql`
    m."createdAt" < ${now}::timestamp - make_interval(secs => ${afterMs / 1000} + COALESCE(s."delayMax", 0))`;
  const waiting = Prisma.sql`
    FROM "Message" m
    JOIN "Lead" l ON l."subAccountId" = m."subAccountId" AND l.id = m."leadId"
    LEFT JOIN "Strategy" s ON s."subAccountId" = l."subAccountId" AND s.id = l."strategyId"
    WHERE m.role = 'lead' AND m.status = 'pending'`;

  const stale = await unsafeQuery<{ subAccountId: number; leadId: number; n: number }>(Prisma.sql`
    WITH overdue AS (
      SELECT m.id ${waiting} AND ${overdueSince(HAND_OVER_AFTER_MS)}
    ), handed AS (
      UPDATE "Message" AS m SET status = 'needs_human', error = ${NEEDS_HUMAN_MESSAGES.stale}
        FROM overdue WHERE m.id = overdue.id AND m.status = 'pending'
      RETURNING m."subAccountId", m."leadId"
    )
    SELECT "subAccountId", "leadId", count(*)::int AS n FROM handed GROUP BY 1, 2`);
  for (const { subAccountId, leadId } of stale) await publishConversationEvent(subAccountId, { leadId, kind: "message" });

  // Per lead, its newest waiting message names the turn (the same job id as when it arrived: a no-op while that job
  // is still queued, delayed or running).
  const lost = await unsafeQuery<{ subAccountId: number; leadId: number; messageId: string }>(Prisma.sql`
    SELECT DISTINCT ON (m."subAccountId", m."leadId") m."subAccountId", m."leadId", m.id::text AS "messageId"
    ${waiting} AND ${overdueSince(REQUEUE_AFTER_MS)}
    ORDER BY m."subAccountId", m."leadId", m.id DESC`);
  for (const turn of lost) await enqueue(aiTurnJob, turn);

  // Inbound SMS the webhook recorded but whose processing job was lost (Redis down after the insert, and Twilio did
  // not deliver again): queued again under the same job id.
  const unprocessed = await unsafeQuery<{ subAccountId: number; messageSid: string }>(Prisma.sql`
    SELECT "subAccountId", substr("providerEventId", 5) AS "messageSid" FROM "WebhookEvent"
    WHERE provider = 'twilio' AND status = 'received' AND "subAccountId" IS NOT NULL
      AND "providerEventId" LIKE 'sms:%' AND "receivedAt" < ${now}::timestamp - make_interval(secs => ${REQUEUE_AFTER_MS / 1000})
    LIMIT 1000`);
  for (const event of unprocessed) await enqueue(processInboundSmsJob, event);
  // Delivery receipts wait for their message's SID (record-sms-status.ts); a day later no send will store it.
  await unsafeQuery(Prisma.sql`
    UPDATE "WebhookEvent" SET status = 'ignored', error = 'No message with this SID', "processedAt" = ${now}
    WHERE provider = 'twilio' AND status = 'received' AND "providerEventId" LIKE 'status:%' AND "receivedAt" < ${now}::timestamp - interval '1 day'`);

  const handedOver = stale.reduce((sum, r) => sum + r.n, 0);
  if (handedOver + lost.length + unprocessed.length > 0) log.info({ requeued: lost.length, handedOver, inboundSmsRequeued: unprocessed.length }, "waiting lead messages swept");
  return { requeued: lost.length, handedOver };
}
