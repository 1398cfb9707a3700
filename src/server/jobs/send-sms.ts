import { DelayedError } from "bullmq";
import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob, type BackoffOptions } from "./define";

/**
 * Outbound SMS and email run on the messaging queue; an SMS goes out exactly once at its number's sending rate
 * (services/sms/deliver-sms.ts). The payload names the stored row to send (a lead Message,
 * or a NotificationEmail): the text never travels through Redis. One job id per logical send; the row's status
 * and externalId, checked under a row lock, make a retried or duplicated job send nothing twice.
 * Backoff 5 s, 10 s, 20 s, 40 s, 80 s: a provider outage of a few minutes is ridden out; permanent refusals stop at once.
 */
export const MESSAGING_RETRIES = { attempts: 6, backoff: { type: "exponential", delay: 5_000 } satisfies BackoffOptions } as const;

export const sendSmsJob = defineJob({
  name: "send-sms",
  queue: "messaging",
  scope: "workspace",
  payload: z.object({ messageId: idSchema }).strict(),
  ...MESSAGING_RETRIES,
  jobId: ({ messageId }) => `send-sms-message-${messageId}`,
  async process(ctx, { messageId }) {
    const { deliverSms, SmsSendDeferred } = await import("@/server/services/sms/deliver-sms");
    try {
      return await deliverSms(ctx, { messageId });
    } catch (e) {
      // The number's sending rate is used up further ahead than a short wait: step aside instead of holding a slot.
      if (!(e instanceof SmsSendDeferred)) throw e;
      await ctx.job.moveToDelayed(Date.now() + e.retryInMs, ctx.job.token);
      throw new DelayedError();
    }
  },
});
