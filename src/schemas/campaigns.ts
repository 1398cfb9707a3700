import { z } from "zod";
import { idSchema, localDateTimeSchema, text } from "./common";
import { leadFiltersSchema } from "./leads";
import { mergeTextSchema } from "./message-templates";

/** Most leads one campaign may text. */
export const CAMPAIGN_MAX_RECIPIENTS = 50_000;
/** Most leads chosen one by one (a saved selection). */
export const CAMPAIGN_MAX_CHOSEN_LEADS = 10_000;

/** The leads list filters (same meaning as leads.list); archived leads are never texted. */
export const campaignLeadFiltersSchema = leadFiltersSchema.omit({ archived: true }).strict();
export type CampaignLeadFilters = z.infer<typeof campaignLeadFiltersSchema>;

export const campaignAudienceSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("filters"), filters: campaignLeadFiltersSchema }).strict(),
    z
      .object({
        kind: z.literal("leads"),
        leadIds: z
          .array(idSchema)
          .min(1, "Choose at least one lead")
          .max(CAMPAIGN_MAX_CHOSEN_LEADS, `Choose at most ${CAMPAIGN_MAX_CHOSEN_LEADS.toLocaleString("en-US")} leads`),
      })
      .strict(),
    // A saved lead selection: its filters are copied onto the campaign when it is scheduled.
    z.object({ kind: z.literal("selection"), selectionId: idSchema }).strict(),
  ],
  "Choose the recipients: leads matching filters, a saved selection, or chosen leads",
);
export type CampaignAudience = z.infer<typeof campaignAudienceSchema>;

export const createCampaignSchema = z.object({
  name: text().min(1, "Name the campaign").max(120, "The name is longer than 120 characters"),
  body: mergeTextSchema,
  audience: campaignAudienceSchema,
  /** "now", or the time to start on the workspace's clock. */
  sendAt: z.union([z.literal("now"), localDateTimeSchema]),
});
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

/** The recipients a count can be asked for while they are being chosen (small enough for a query's URL). */
export const countableAudienceSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("filters"), filters: campaignLeadFiltersSchema }).strict(),
    z.object({ kind: z.literal("selection"), selectionId: idSchema }).strict(),
  ],
  "Choose the recipients: leads matching filters, or a saved selection",
);
export const countCampaignAudienceSchema = z.object({ audience: countableAudienceSchema });

export const previewCampaignSchema = z.object({ body: mergeTextSchema, audience: campaignAudienceSchema });

export const campaignIdSchema = z.object({ id: idSchema });

export const listCampaignsSchema = z.object({
  cursor: idSchema.nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const CAMPAIGN_RECIPIENT_VIEWS = ["all", "waiting", "sent", "delivered", "failed", "skipped"] as const;
export const listCampaignRecipientsSchema = z.object({
  campaignId: idSchema,
  view: z.enum(CAMPAIGN_RECIPIENT_VIEWS).default("all"),
  cursor: idSchema.nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});
