import {
  campaignIdSchema,
  countCampaignAudienceSchema,
  createCampaignSchema,
  listCampaignRecipientsSchema,
  listCampaignsSchema,
  previewCampaignSchema,
} from "@/schemas/campaigns";
import { createTRPCRouter, managerProcedure, workspaceProcedure } from "@/server/api/trpc";
import { countCampaignAudience, createCampaign, previewCampaign } from "@/server/services/campaigns/create-campaign";
import {
  cancelCampaign,
  getCampaign,
  listCampaignRecipients,
  listCampaigns,
  pauseCampaign,
  resumeCampaign,
} from "@/server/services/campaigns/manage-campaigns";

export const campaignsRouter = createTRPCRouter({
  list: workspaceProcedure.input(listCampaignsSchema).query(({ ctx, input }) => listCampaigns(ctx, input)),
  get: workspaceProcedure.input(campaignIdSchema).query(({ ctx, input }) => getCampaign(ctx, input)),
  recipients: workspaceProcedure.input(listCampaignRecipientsSchema).query(({ ctx, input }) => listCampaignRecipients(ctx, input)),
  countRecipients: managerProcedure.input(countCampaignAudienceSchema).query(({ ctx, input }) => countCampaignAudience(ctx, input)),
  // A mutation only because a chosen selection (up to 10,000 ids) does not fit in a URL; it changes nothing.
  preview: managerProcedure.input(previewCampaignSchema).mutation(({ ctx, input }) => previewCampaign(ctx, input)),
  create: managerProcedure.input(createCampaignSchema).mutation(({ ctx, input }) => createCampaign(ctx, input)),
  pause: managerProcedure.input(campaignIdSchema).mutation(({ ctx, input }) => pauseCampaign(ctx, input)),
  resume: managerProcedure.input(campaignIdSchema).mutation(({ ctx, input }) => resumeCampaign(ctx, input)),
  cancel: managerProcedure.input(campaignIdSchema).mutation(({ ctx, input }) => cancelCampaign(ctx, input)),
});
