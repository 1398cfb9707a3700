import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/** A lead's change sent to its GoHighLevel contact (queued by the GoHighLevel subscriber of lead events). */
export const ghlPushLeadJob = defineJob({
  name: "ghl-push-lead",
  queue: "default",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, integrationId: idSchema, leadId: idSchema, eventId: z.string().min(1).max(19).regex(/^\d+$/) }).strict(),
  attempts: 6,
  backoff: { type: "exponential", delay: 10_000 },
  removeOnComplete: { age: 3_600, count: 5_000 },
  jobId: ({ integrationId, leadId, eventId }) => `ghl-push-lead-${integrationId}-${leadId}-${eventId}`,
  async process(ctx, { integrationId, leadId }) {
    const { pushLeadToGhl } = await import("@/server/services/integrations/gohighlevel/push-lead");
    return pushLeadToGhl(ctx, { integrationId, leadId });
  },
});
