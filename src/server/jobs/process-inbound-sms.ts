import { z } from "zod";
import { idSchema, storableText } from "@/schemas/common";
import { defineJob } from "./define";

/**
 * An inbound SMS the webhook recorded (WebhookEvent `sms:<MessageSid>`, status received): the lead (found, created
 * or the sender ignored), the message row, consent keywords and the AI turn (services/sms/process-inbound-sms.ts).
 * One job id per MessageSid; the event's status, moved from received to processed in the same transaction as the
 * message, makes a repeated job store nothing twice. Queued by the webhook without a JobRun, so the payload names the
 * workspace. A job lost with Redis is queued again by Twilio's redelivery or by the waiting-messages sweep.
 */
export const processInboundSmsJob = defineJob({
  name: "process-inbound-sms",
  queue: "messaging",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, messageSid: z.string().min(10).max(64).regex(/^[A-Za-z0-9]+$/).check(storableText) }).strict(),
  attempts: 6,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 5_000 },
  jobId: ({ subAccountId, messageSid }) => `inbound-sms-${subAccountId}-${messageSid}`,
  async process(ctx, { messageSid }) {
    const { processInboundSms } = await import("@/server/services/sms/process-inbound-sms");
    return processInboundSms(ctx, { messageSid });
  },
});
