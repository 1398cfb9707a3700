import { Prisma } from "@/generated/prisma/client";
import { mergeFieldsUsed, renderMergeFields } from "@/lib/merge-fields";
import { countSmsSegments } from "@/lib/sms-segments";
import { CAMPAIGN_MAX_RECIPIENTS, type CampaignAudience, type CreateCampaignInput } from "@/schemas/campaigns";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { parseDateKey, ZonedDay } from "@/server/services/availability/wall-clock";
import { loadMergeValues, workspaceZone } from "@/server/services/message-templates/merge-values";
import { classifiedAudienceSql, invalidPhoneLeadIds, resolveAudience, type ResolvedAudience } from "./audience";
import { startDispatch } from "./start-dispatch";

export const SKIP_REASON_LABELS = {
  opted_out: "Opted out of texts",
  no_phone: "No phone number",
  invalid_phone: "Not a valid phone number",
  duplicate_phone: "Same number as another recipient",
} as const;

/** The instant of a wall-clock time in the workspace's zone; a time the clocks skip is refused. */
function instantOnWorkspaceClock(sendAt: string, zone: string): Date {
  const minutes = Number(sendAt.slice(11, 13)) * 60 + Number(sendAt.slice(14, 16));
  const instant = new ZonedDay(parseDateKey(sendAt.slice(0, 10)), zone).instantAt(minutes);
  if (instant === null) throw AppError.field("sendAt", `This time does not exist in ${zone} (the clocks move forward then). Choose another time.`);
  return new Date(instant);
}

interface AudienceCounts {
  total: number;
  skipped: number;
  opted_out: number;
  no_phone: number;
  invalid_phone: number;
  duplicate_phone: number;
}

async function countAudience(ctx: WorkspaceContext, audience: ResolvedAudience, invalidIds: readonly number[]): Promise<AudienceCounts> {
  const [row] = await ctx.db.$queryWorkspace<Record<keyof AudienceCounts, number>>(
    (workspaceId) => Prisma.sql`SELECT count(*)::int AS total, count("skipReason")::int AS skipped,
        count(*) FILTER (WHERE "skipReason" = 'opted_out')::int AS opted_out,
        count(*) FILTER (WHERE "skipReason" = 'no_phone')::int AS no_phone,
        count(*) FILTER (WHERE "skipReason" = 'invalid_phone')::int AS invalid_phone,
        count(*) FILTER (WHERE "skipReason" = 'duplicate_phone')::int AS duplicate_phone
      FROM (${classifiedAudienceSql(workspaceId, audience, invalidIds)}) a`,
  );
  return row!;
}

/**
 * What the campaign would do: how many leads it reaches and skips (by reason), and the message rendered for the
 * first 5 leads it would text, with their segment counts.
 */
export async function previewCampaign(ctx: WorkspaceContext, input: { body: string; audience: CampaignAudience }) {
  const { audience } = await resolveAudience(ctx, input.audience);
  const invalidIds = await invalidPhoneLeadIds(ctx, audience);
  const counts = await countAudience(ctx, audience, invalidIds);
  const first = await ctx.db.$queryWorkspace<{ id: number; name: string; phone: string }>(
    (workspaceId) => Prisma.sql`SELECT a.id, l.name, a.phone FROM (${classifiedAudienceSql(workspaceId, audience, invalidIds)}) a
      JOIN "Lead" l ON l."subAccountId" = ${workspaceId} AND l.id = a.id
      WHERE a."skipReason" IS NULL ORDER BY a.id LIMIT 5`,
  );
  const values = await loadMergeValues(ctx, first.map((r) => r.id));
  const samples = first.map((lead) => {
    const text = renderMergeFields(input.body, values.get(lead.id)!);
    return { leadId: lead.id, leadName: lead.name, phone: lead.phone, text, segments: countSmsSegments(text).segments };
  });
  return { ...counts, recipients: counts.total - counts.skipped, samples, usesBookingTime: mergeFieldsUsed(input.body).has("booking.next") };
}

/** How many leads the recipients name now, and how many of them would get the text (the wizard's live count). */
export async function countCampaignAudience(ctx: WorkspaceContext, input: { audience: CampaignAudience }) {
  const { audience } = await resolveAudience(ctx, input.audience);
  const counts = await countAudience(ctx, audience, await invalidPhoneLeadIds(ctx, audience));
  return { ...counts, recipients: counts.total - counts.skipped };
}

/**
 * Schedules a campaign: the campaign row and one recipient row per lead of the audience are written by ONE
 * statement (INSERT ... SELECT over the classified audience), so 10,000 leads take one round trip and a failure
 * leaves nothing behind. Skipped leads get their reason now; the rest wait for the dispatcher, which starts at
 * `sendAt` (on the workspace's clock).
 */
export async function createCampaign(ctx: WorkspaceContext, input: CreateCampaignInput) {
  const zone = await workspaceZone(ctx);
  const scheduledAt = input.sendAt === "now" ? new Date() : instantOnWorkspaceClock(input.sendAt, zone);
  if (input.sendAt !== "now" && scheduledAt.getTime() < Date.now() - 60_000) {
    throw AppError.field("sendAt", "This time has passed. Choose a time ahead, or send now.");
  }
  const { audience, record } = await resolveAudience(ctx, input.audience);
  const invalidIds = await invalidPhoneLeadIds(ctx, audience);
  const counts = await countAudience(ctx, audience, invalidIds);
  if (counts.total === 0) throw AppError.field("audience", "No lead matches these recipients.");
  if (counts.total - counts.skipped === 0) throw AppError.field("audience", "None of these leads can receive a text (no valid number, or opted out).");
  if (counts.total > CAMPAIGN_MAX_RECIPIENTS) {
    throw AppError.field("audience", `A campaign reaches at most ${CAMPAIGN_MAX_RECIPIENTS.toLocaleString("en-US")} leads; narrow the filters.`);
  }
  const createdBy = ctx.account?.kind === "user" ? ctx.account.id : null;
  const [row] = await ctx.db.$queryWorkspace<{ id: number; total: number; skipped: number }>(
    (workspaceId) => Prisma.sql`WITH audience AS MATERIALIZED (${classifiedAudienceSql(workspaceId, audience, invalidIds)}),
      campaign AS (
        INSERT INTO "Campaign" ("subAccountId", name, body, status, "scheduledAt", timezone, audience, "createdByUserId",
          "totalRecipients", "skippedRecipients", "updatedAt")
        SELECT ${workspaceId}, ${input.name}, ${input.body}, 'scheduled', ${scheduledAt}, ${zone}, ${JSON.stringify(record)}::jsonb,
          ${createdBy}, count(*), count("skipReason"), now()
        FROM audience
        RETURNING id, "totalRecipients" AS total, "skippedRecipients" AS skipped
      ),
      recipients AS (
        INSERT INTO "CampaignRecipient" ("subAccountId", "campaignId", "leadId", phone, status, "skipReason")
        SELECT ${workspaceId}, campaign.id, a.id, a.phone,
          (CASE WHEN a."skipReason" IS NULL THEN 'pending' ELSE 'skipped' END)::"CampaignRecipientStatus",
          a."skipReason"::"CampaignSkipReason"
        FROM audience a CROSS JOIN campaign
        RETURNING 1
      )
      SELECT id, total, skipped FROM campaign WHERE (SELECT count(*) FROM recipients) >= 0`,
  );
  const campaign = row!;
  try {
    await startDispatch(ctx, { campaignId: campaign.id, generation: 0, startAt: scheduledAt });
  } catch (e) {
    await ctx.db.campaign.deleteMany({ where: { id: campaign.id } });
    ctx.log.error({ err: { message: (e as Error).message }, campaignId: campaign.id }, "campaign not queued");
    throw new AppError("SERVICE_UNAVAILABLE", "The campaign could not be scheduled. Try again.");
  }
  return { id: campaign.id, totalRecipients: campaign.total, skippedRecipients: campaign.skipped, scheduledAt, timezone: zone };
}
