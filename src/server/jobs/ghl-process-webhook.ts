import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/** A GoHighLevel webhook recorded by POST /api/webhooks/gohighlevel, applied to the workspace's leads and bookings. */
export const ghlProcessWebhookJob = defineJob({
  name: "ghl-process-webhook",
  queue: "default",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, webhookEventId: z.string().min(1).max(19).regex(/^\d+$/) }).strict(),
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 5_000 },
  jobId: ({ subAccountId, webhookEventId }) => `ghl-webhook-${subAccountId}-${webhookEventId}`,
  async process(ctx, { webhookEventId }) {
    const { processGhlWebhook } = await import("@/server/services/integrations/gohighlevel/process-webhook");
    return processGhlWebhook(ctx, { webhookEventId: BigInt(webhookEventId) });
  },
});
