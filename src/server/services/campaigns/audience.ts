import { Prisma } from "@/generated/prisma/client";
import type { CampaignAudience } from "@/schemas/campaigns";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { filterConditions } from "@/server/services/leads/list-leads";
import { normalizePhone, regionFromSettings } from "@/server/services/phone";
import { selectionFiltersForCampaign } from "@/server/services/lead-selections/manage-lead-selections";

/** Recipients as the statements below read them: filters or chosen leads (a saved selection is read first). */
export type ResolvedAudience = Exclude<CampaignAudience, { kind: "selection" }>;

/**
 * A saved selection becomes the filters it holds now. `record` is what the campaign row keeps: its own copy of the
 * filters (with the selection's name, for the campaign page), so editing or deleting the selection later changes no
 * campaign.
 */
export async function resolveAudience(ctx: WorkspaceContext, audience: CampaignAudience): Promise<{ audience: ResolvedAudience; record: Record<string, unknown> }> {
  if (audience.kind !== "selection") return { audience, record: audience };
  const { selection, filters } = await selectionFiltersForCampaign(ctx, audience.selectionId);
  const resolved = { kind: "filters", filters } as const;
  return { audience: resolved, record: { ...resolved, selection } };
}

/** The leads a campaign's audience names, as conditions on alias `l` (archived leads are never included). */
export function audienceConditions(audience: ResolvedAudience): Prisma.Sql[] {
  if (audience.kind === "leads") return [Prisma.sql`l."archivedAt" IS NULL`, Prisma.sql`l.id = ANY(${audience.leadIds}::int[])`];
  return filterConditions({ ...audience.filters, archived: false });
}

/** A phone as it is texted: spaces, dots, dashes and brackets removed. */
const CLEANED_PHONE = Prisma.sql`regexp_replace(COALESCE(l.phone, ''), '[[:space:]().-]', '', 'g')`;

/** The lead texted STOP (services/sms/consent.ts); the send path refuses it too, should it opt out later. */
const OPTED_OUT = Prisma.sql`l."smsOptedOutAt" IS NOT NULL`;

/**
 * The audience's leads whose phone the send path would refuse (libphonenumber, the workspace's default region, as
 * everywhere): read once as (id, phone) pairs, so the statement that schedules stays one INSERT ... SELECT.
 */
export async function invalidPhoneLeadIds(ctx: WorkspaceContext, audience: ResolvedAudience): Promise<number[]> {
  const workspace = await ctx.db.subAccount.findFirst({ select: { settings: true } });
  const region = regionFromSettings(workspace?.settings);
  const rows = await ctx.db.$queryWorkspace<{ id: number; phone: string }>(
    (workspaceId) => Prisma.sql`SELECT l.id, l.phone FROM "Lead" l
      WHERE l."subAccountId" = ${workspaceId} AND l.phone IS NOT NULL AND ${Prisma.join(audienceConditions(audience), " AND ")}`,
  );
  const invalid: number[] = [];
  for (const row of rows) {
    try {
      normalizePhone(row.phone, region);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      invalid.push(row.id);
    }
  }
  return invalid;
}

/**
 * The audience's leads with the reason each is skipped (null: it gets the message), in lead id order:
 * no phone, a number that is not valid (`invalidIds`, see invalidPhoneLeadIds), opted out, or a number an
 * earlier lead of the audience already has (compared without formatting). Used by the preview (counts) and by
 * scheduling (INSERT ... SELECT).
 */
export function classifiedAudienceSql(workspaceId: Prisma.Sql, audience: ResolvedAudience, invalidIds: readonly number[]): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id, NULLIF(c.cleaned, '') AS phone,
      CASE
        WHEN c.cleaned = '' THEN 'no_phone'
        WHEN c.id = ANY(${[...invalidIds]}::int[]) THEN 'invalid_phone'
        WHEN c.opted_out THEN 'opted_out'
        WHEN row_number() OVER (PARTITION BY c.cleaned ORDER BY c.id) > 1 THEN 'duplicate_phone'
      END AS "skipReason"
    FROM (
      SELECT l.id, ${CLEANED_PHONE} AS cleaned, ${OPTED_OUT} AS opted_out
      FROM "Lead" l
      WHERE l."subAccountId" = ${workspaceId} AND ${Prisma.join(audienceConditions(audience), " AND ")}
    ) c`;
}
