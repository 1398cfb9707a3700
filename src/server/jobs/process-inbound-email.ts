import { z } from "zod";
import { idSchema, storableText } from "@/schemas/common";
import { defineJob } from "./define";

/**
 * An inbound email recorded by POST /api/webhooks/postmark/inbound: the worker reads it from its WebhookEvent, keeps the
 * reply without its quoted history, stores the attachments, finds (or creates) the lead and queues the AI's turn.
 * Queued by the webhook without a JobRun, so the payload names the workspace.
 */
export const processInboundEmailJob = defineJob({
  name: "process-inbound-email",
  queue: "messaging",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, webhookEventId: z.string().max(19).regex(/^\d+$/).check(storableText) }).strict(),
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 5_000 },
  jobId: ({ subAccountId, webhookEventId }) => `inbound-email-${subAccountId}-${webhookEventId}`,
  async process(ctx, { webhookEventId }) {
    const { processInboundEmail } = await import("@/server/services/email/process-inbound-email");
    return processInboundEmail(ctx, { webhookEventId: BigInt(webhookEventId) });
  },
});
