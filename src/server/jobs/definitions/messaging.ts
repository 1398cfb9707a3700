import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "../define";

/**
 * Outbound SMS and email run on the messaging queue. The payload names the stored row to send (a lead Message,
 * or a NotificationEmail): the text never travels through Redis. One job id per logical send; the row's status
 * and externalId, checked under a row lock, make a retried or duplicated job send nothing twice.
 * Backoff 5 s, 10 s, 20 s, 40 s, 80 s: a provider outage of a few minutes is ridden out; permanent refusals stop at once.
 */
const MESSAGING_RETRIES = { attempts: 6, backoff: { type: "exponential", delay: 5_000 } } as const;

export const sendSmsJob = defineJob({
  name: "send-sms",
  queue: "messaging",
  payload: z.object({ messageId: idSchema }).strict(),
  ...MESSAGING_RETRIES,
  jobId: ({ messageId }) => `send-sms-message-${messageId}`,
});

export const sendEmailJob = defineJob({
  name: "send-email",
  queue: "messaging",
  payload: z.union([z.object({ messageId: idSchema }).strict(), z.object({ notificationId: idSchema }).strict()]),
  ...MESSAGING_RETRIES,
  jobId: (payload) =>
    "messageId" in payload ? `send-email-message-${payload.messageId}` : `send-email-notification-${payload.notificationId}`,
});
