import { z } from "zod";
import { idSchema, storableText } from "@/schemas/common";
import { defineJob } from "./define";

/** The delivery's code, loaded once per process (every `import()` goes through tsx's loader thread: see ai-turn.ts). */
let deliverModule: Promise<typeof import("@/server/services/webhooks/deliver-webhook")> | undefined;

/**
 * One attempt of one outbound webhook delivery (services/webhooks/deliver-webhook.ts): signed POST, 10 s timeout,
 * the outcome recorded on the WebhookDelivery row. A failed attempt queues the next one itself, delayed by the
 * backoff schedule (delivery-schedule.ts), under the job id of that attempt; BullMQ's own retries only cover this
 * process failing (database away), and an attempt already recorded is never made twice. Queue `webhooks`, of its own:
 * deliveries wait on customers' receivers, WEBHOOK_DELIVERY_CONCURRENCY at once per worker (worker/start.ts).
 */
export const deliverWebhookJob = defineJob({
  name: "deliver-webhook",
  queue: "webhooks",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z
    .object({ subAccountId: idSchema, deliveryId: z.string().min(1).max(19).regex(/^\d+$/).check(storableText), attempt: z.number().int().min(1).max(50) })
    .strict(),
  attempts: 5,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  jobId: ({ deliveryId, attempt }) => `webhook-delivery-${deliveryId}-${attempt}`,
  async process(ctx, payload) {
    const { deliverWebhook } = await (deliverModule ??= import("@/server/services/webhooks/deliver-webhook"));
    return deliverWebhook(ctx, payload);
  },
});
