import { Prisma } from "@/generated/prisma/client";
import { renderMergeFields } from "@/lib/merge-fields";
import { countSmsSegments } from "@/lib/sms-segments";
import type { WorkspaceContext } from "@/server/context";
import { AppError, NON_RETRYABLE_CODES } from "@/server/errors";
import { loadMergeValues } from "@/server/services/message-templates/merge-values";
import { campaignSendingRate, sendCampaignSms } from "./send-path";
import { startDispatch } from "./start-dispatch";
import { publishConversationEvent } from "@/server/realtime/conversation-events";

/** Seconds of sending the dispatcher keeps handed to the send path ahead of the sender. */
const WINDOW_SECONDS = 10;
const STEP_EVERY_MS = 1_000;
const STEP_WHEN_FULL_MS = 2_000;

/**
 * Messages of a campaign handed to the send path and not yet sent. Pausing or cancelling stops what is not handed
 * over yet, so the window is what still goes out after a pause: about WINDOW_SECONDS of sending.
 */
export const dispatchWindow = (messagesPerSecond: number) => Math.max(10, Math.ceil(messagesPerSecond * WINDOW_SECONDS));

export interface DispatchStep {
  campaignId: number;
  generation: number;
  step?: number;
}

async function inFlightCount(ctx: WorkspaceContext, campaignId: number): Promise<number> {
  const [row] = await ctx.db.$queryWorkspace<{ n: number }>(
    (workspaceId) => Prisma.sql`SELECT count(*)::int AS n FROM "CampaignRecipient" r
      JOIN "Message" m ON m."subAccountId" = r."subAccountId" AND m.id = r."messageId"
      WHERE r."subAccountId" = ${workspaceId} AND r."campaignId" = ${campaignId} AND r.status = 'queued'
        AND m.status::text IN ('queued', 'pending', 'sending')`,
  );
  return row!.n;
}

const stillSending = async (ctx: WorkspaceContext, campaignId: number, generation: number) =>
  (await ctx.db.campaign.count({ where: { id: campaignId, status: "sending", dispatchGeneration: generation } })) === 1;

/**
 * One step of a campaign's dispatch: hands the next pending recipients to the send path, as many as fit in the
 * window (see dispatchWindow), and says when to run the next step (null: the run is over). Consent, quiet hours and
 * the sending rate are the send path's: a lead it refuses becomes a failed recipient with the reason.
 * A step of an older run (paused then resumed) or of a paused, cancelled or finished campaign does nothing.
 */
export async function dispatchCampaignStep(ctx: WorkspaceContext, input: DispatchStep): Promise<{ nextInMs: number | null; handed: number; refused: number }> {
  const done = { nextInMs: null, handed: 0, refused: 0 };
  const campaign = await ctx.db.campaign.findUnique({
    where: { id: input.campaignId },
    select: { status: true, dispatchGeneration: true, scheduledAt: true, body: true },
  });
  if (!campaign || campaign.dispatchGeneration !== input.generation) return done;
  if (campaign.status === "scheduled") {
    const wait = campaign.scheduledAt.getTime() - Date.now();
    if (wait > 1_000) return { ...done, nextInMs: wait };
    await ctx.db.campaign.updateMany({
      where: { id: input.campaignId, status: "scheduled", dispatchGeneration: input.generation },
      data: { status: "sending", startedAt: new Date() },
    });
  }
  if (!(await stillSending(ctx, input.campaignId, input.generation))) return done;

  // The send path enforces the number's rate; the dispatcher only sizes its window by it.
  const room = dispatchWindow(await campaignSendingRate(ctx)) - (await inFlightCount(ctx, input.campaignId));
  let handed = 0;
  let refused = 0;
  if (room > 0) {
    // Pending recipients, and any a crashed step claimed without getting its message (the send path returns the
    // message it already made for a recipient, so finishing those never sends twice).
    const batch = await ctx.db.campaignRecipient.findMany({
      where: { campaignId: input.campaignId, OR: [{ status: "pending" }, { status: "queued", messageId: null }] },
      orderBy: { id: "asc" },
      take: room,
      select: { id: true, leadId: true },
    });
    const values = await loadMergeValues(ctx, batch.flatMap((r) => (r.leadId === null ? [] : [r.leadId])));
    for (const recipient of batch) {
      // A pause or cancel made during the batch stops it before the next message.
      if (!(await stillSending(ctx, input.campaignId, input.generation))) return { nextInMs: null, handed, refused };
      // Claimed first: a cancel only cancels recipients still pending, so none gets a message after being cancelled.
      const claimed = await ctx.db.campaignRecipient.updateMany({
        where: { id: recipient.id, OR: [{ status: "pending" }, { status: "queued", messageId: null }] },
        data: { status: "queued", queuedAt: new Date() },
      });
      if (claimed.count === 0) continue;
      const leadValues = recipient.leadId === null ? undefined : values.get(recipient.leadId);
      if (recipient.leadId === null || !leadValues) {
        await ctx.db.campaignRecipient.update({ where: { id: recipient.id }, data: { status: "failed", error: "The lead was deleted." } });
        refused++;
        continue;
      }
      const text = renderMergeFields(campaign.body, leadValues);
      try {
        const { messageId } = await sendCampaignSms(ctx, { campaignId: input.campaignId, recipientId: recipient.id, leadId: recipient.leadId, body: text });
        await ctx.db.campaignRecipient.update({ where: { id: recipient.id }, data: { messageId, smsSegments: countSmsSegments(text).segments } });
        handed++;
      } catch (e) {
        if (!(e instanceof AppError) || !NON_RETRYABLE_CODES.has(e.code)) throw e;
        await ctx.db.campaignRecipient.update({ where: { id: recipient.id }, data: { status: "failed", error: e.message } });
        refused++;
      }
    }
  }

  const pending = await ctx.db.campaignRecipient.count({
    where: { campaignId: input.campaignId, OR: [{ status: "pending" }, { status: "queued", messageId: null }] },
  });
  if (pending === 0 && (await inFlightCount(ctx, input.campaignId)) === 0) {
    await ctx.db.campaign.updateMany({
      where: { id: input.campaignId, status: "sending", dispatchGeneration: input.generation },
      data: { status: "completed", finishedAt: new Date() },
    });
    await publishConversationEvent(ctx.workspace.id, { leadId: null, kind: "campaign" });
    return { nextInMs: null, handed, refused };
  }
  if (handed + refused > 0) await publishConversationEvent(ctx.workspace.id, { leadId: null, kind: "campaign" });
  return { nextInMs: room > 0 ? STEP_EVERY_MS : STEP_WHEN_FULL_MS, handed, refused };
}

/** The dispatch job's work: one step, then the next step queued (a new job id per step) while work is left. */
export async function runDispatchStep(ctx: WorkspaceContext, input: Required<DispatchStep>) {
  const result = await dispatchCampaignStep(ctx, input);
  if (result.nextInMs !== null) {
    await startDispatch(ctx, { campaignId: input.campaignId, generation: input.generation, step: input.step + 1, startAt: new Date(Date.now() + result.nextInMs) });
  }
  return { handed: result.handed, refused: result.refused };
}
