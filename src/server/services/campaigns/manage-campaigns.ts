import type { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import type { campaignIdSchema, listCampaignRecipientsSchema, listCampaignsSchema } from "@/schemas/campaigns";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { startDispatch } from "./start-dispatch";
import { publishConversationEvent } from "@/server/realtime/conversation-events";

const campaignFields = {
  id: true,
  name: true,
  body: true,
  status: true,
  scheduledAt: true,
  timezone: true,
  audience: true,
  totalRecipients: true,
  skippedRecipients: true,
  startedAt: true,
  finishedAt: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

export async function listCampaigns(ctx: WorkspaceContext, input: z.output<typeof listCampaignsSchema>) {
  const rows = await ctx.db.campaign.findMany({
    where: input.cursor ? { id: { lt: input.cursor } } : {},
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: campaignFields,
  });
  const items = rows.slice(0, input.limit);
  const progress = await progressOf(ctx, items.map((c) => c.id));
  return {
    items: items.map((c) => ({ ...c, progress: progress.get(c.id) ?? emptyProgress() })),
    nextCursor: rows.length > input.limit ? items.at(-1)!.id : null,
  };
}

export async function getCampaign(ctx: WorkspaceContext, input: z.output<typeof campaignIdSchema>) {
  const campaign = await ctx.db.campaign.findUnique({ where: { id: input.id }, select: campaignFields });
  if (!campaign) throw new AppError("NOT_FOUND", "No such campaign in this workspace.");
  const progress = (await progressOf(ctx, [campaign.id])).get(campaign.id) ?? emptyProgress();
  return { ...campaign, progress };
}

export interface CampaignProgress {
  /** Not handed to the sender yet. */
  waiting: number;
  /** Handed to the sender, not sent yet (quiet hours and the sending rate pace them). */
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  cancelled: number;
  skippedByReason: Record<"opted_out" | "no_phone" | "invalid_phone" | "duplicate_phone", number>;
}

const emptyProgress = (): CampaignProgress => ({
  waiting: 0,
  sending: 0,
  sent: 0,
  delivered: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  skippedByReason: { opted_out: 0, no_phone: 0, invalid_phone: 0, duplicate_phone: 0 },
});

/** Where each recipient stands, in one grouped query: its own status, or its message's (delivery receipts). */
async function progressOf(ctx: WorkspaceContext, campaignIds: number[]): Promise<Map<number, CampaignProgress>> {
  const result = new Map<number, CampaignProgress>();
  if (campaignIds.length === 0) return result;
  const rows = await ctx.db.$queryWorkspace<{ campaignId: number; status: string; skipReason: string | null; messageStatus: string | null; n: number }>(
    (workspaceId) => Prisma.sql`SELECT r."campaignId", r.status::text AS status, r."skipReason"::text AS "skipReason",
        m.status::text AS "messageStatus", count(*)::int AS n
      FROM "CampaignRecipient" r
      LEFT JOIN "Message" m ON m."subAccountId" = r."subAccountId" AND m.id = r."messageId"
      WHERE r."subAccountId" = ${workspaceId} AND r."campaignId" = ANY(${campaignIds}::int[])
      GROUP BY 1, 2, 3, 4`,
  );
  for (const row of rows) {
    const p = result.get(row.campaignId) ?? emptyProgress();
    result.set(row.campaignId, p);
    const bucket = recipientBucket(row.status, row.messageStatus);
    p[bucket] += row.n;
    if (bucket === "skipped" && row.skipReason) p.skippedByReason[row.skipReason as keyof CampaignProgress["skippedByReason"]] += row.n;
  }
  return result;
}

type Bucket = "waiting" | "sending" | "sent" | "delivered" | "failed" | "skipped" | "cancelled";

/** A recipient's place in the progress: its own status until it has a message, then the message's. */
function recipientBucket(status: string, messageStatus: string | null): Bucket {
  if (status === "pending") return "waiting";
  if (status === "skipped" || status === "cancelled" || status === "failed") return status;
  if (messageStatus === "sent") return "sent";
  if (messageStatus === "delivered") return "delivered";
  if (messageStatus === "failed" || messageStatus === "undelivered") return "failed";
  // Claimed by the dispatcher, its message being written.
  if (messageStatus === null) return "sending";
  return "sending";
}

const VIEW_CONDITIONS: Record<z.output<typeof listCampaignRecipientsSchema>["view"], Prisma.Sql> = {
  all: Prisma.sql`true`,
  waiting: Prisma.sql`(r.status = 'pending' OR (r.status = 'queued' AND (m.id IS NULL OR m.status::text IN ('queued', 'pending', 'sending'))))`,
  sent: Prisma.sql`(r.status = 'queued' AND m.status::text = 'sent')`,
  delivered: Prisma.sql`(r.status = 'queued' AND m.status::text = 'delivered')`,
  failed: Prisma.sql`(r.status = 'failed' OR (r.status = 'queued' AND m.status::text IN ('failed', 'undelivered')))`,
  skipped: Prisma.sql`r.status IN ('skipped', 'cancelled')`,
};

/** The recipients of a campaign, by id, with each one's state and the reason it was skipped or failed. */
export async function listCampaignRecipients(ctx: WorkspaceContext, input: z.output<typeof listCampaignRecipientsSchema>) {
  const campaign = await ctx.db.campaign.findUnique({ where: { id: input.campaignId }, select: { id: true } });
  if (!campaign) throw new AppError("NOT_FOUND", "No such campaign in this workspace.");
  const rows = await ctx.db.$queryWorkspace<{
    id: number;
    leadId: number | null;
    leadName: string | null;
    phone: string | null;
    status: string;
    skipReason: string | null;
    error: string | null;
    queuedAt: Date | null;
    smsSegments: number | null;
    messageStatus: string | null;
    messageError: string | null;
  }>(
    (workspaceId) => Prisma.sql`SELECT r.id, r."leadId", l.name AS "leadName", r.phone, r.status::text AS status,
        r."skipReason"::text AS "skipReason", r.error, r."queuedAt", r."smsSegments",
        m.status::text AS "messageStatus", m.error AS "messageError"
      FROM "CampaignRecipient" r
      LEFT JOIN "Lead" l ON l."subAccountId" = r."subAccountId" AND l.id = r."leadId"
      LEFT JOIN "Message" m ON m."subAccountId" = r."subAccountId" AND m.id = r."messageId"
      WHERE r."subAccountId" = ${workspaceId} AND r."campaignId" = ${input.campaignId}
        AND ${VIEW_CONDITIONS[input.view]} ${input.cursor ? Prisma.sql`AND r.id > ${input.cursor}` : Prisma.empty}
      ORDER BY r.id LIMIT ${input.limit + 1}`,
  );
  const items = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    leadId: r.leadId,
    leadName: r.leadName,
    phone: r.phone,
    state: recipientBucket(r.status, r.messageStatus),
    skipReason: r.skipReason,
    reason: r.error ?? (r.messageStatus === "failed" || r.messageStatus === "undelivered" ? r.messageError : null),
    queuedAt: r.queuedAt,
    smsSegments: r.smsSegments,
  }));
  return { items, nextCursor: rows.length > input.limit ? items.at(-1)!.id : null };
}

/** Stops handing messages to the sender; those already handed over (a few seconds of sending) still go out. */
export async function pauseCampaign(ctx: WorkspaceContext, input: z.output<typeof campaignIdSchema>) {
  const { count } = await ctx.db.campaign.updateMany({ where: { id: input.id, status: { in: ["scheduled", "sending"] } }, data: { status: "paused" } });
  if (count === 0) throw await notChangeable(ctx, input.id, "paused");
  await publishConversationEvent(ctx.workspace.id, { leadId: null, kind: "campaign" });
  return getCampaign(ctx, input);
}

/** Goes on where it stopped: a new run (generation) of the dispatcher, at the scheduled time if that is still ahead. */
export async function resumeCampaign(ctx: WorkspaceContext, input: z.output<typeof campaignIdSchema>) {
  const resumed = await ctx.db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: input.id }, select: { status: true, startedAt: true, scheduledAt: true, dispatchGeneration: true } });
    if (!campaign || campaign.status !== "paused") return null;
    const generation = campaign.dispatchGeneration + 1;
    await tx.campaign.update({
      where: { id: input.id },
      data: { status: campaign.startedAt ? "sending" : "scheduled", dispatchGeneration: generation },
    });
    return { generation, startAt: campaign.startedAt ? new Date() : campaign.scheduledAt };
  });
  if (!resumed) throw await notChangeable(ctx, input.id, "resumed");
  await startDispatch(ctx, { campaignId: input.id, generation: resumed.generation, startAt: resumed.startAt });
  await publishConversationEvent(ctx.workspace.id, { leadId: null, kind: "campaign" });
  return getCampaign(ctx, input);
}

/** Ends the campaign: recipients still waiting are marked cancelled and never texted. */
export async function cancelCampaign(ctx: WorkspaceContext, input: z.output<typeof campaignIdSchema>) {
  const cancelled = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.campaign.updateMany({
      where: { id: input.id, status: { in: ["scheduled", "sending", "paused"] } },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    if (count === 0) return false;
    await tx.campaignRecipient.updateMany({ where: { campaignId: input.id, status: "pending" }, data: { status: "cancelled" } });
    return true;
  });
  if (!cancelled) throw await notChangeable(ctx, input.id, "cancelled");
  await publishConversationEvent(ctx.workspace.id, { leadId: null, kind: "campaign" });
  return getCampaign(ctx, input);
}

const STATUS_WORDS = { scheduled: "scheduled", sending: "sending", paused: "paused", completed: "finished", cancelled: "cancelled" } as const;

async function notChangeable(ctx: WorkspaceContext, id: number, change: string): Promise<AppError> {
  const campaign = await ctx.db.campaign.findUnique({ where: { id }, select: { status: true } });
  if (!campaign) return new AppError("NOT_FOUND", "No such campaign in this workspace.");
  return new AppError("PRECONDITION_FAILED", `This campaign is ${STATUS_WORDS[campaign.status]}; it cannot be ${change}.`);
}
