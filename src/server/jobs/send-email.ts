import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";
import { MESSAGING_RETRIES } from "./send-sms";

/** A lead's email message or a notification email (see send-sms.ts for how a send happens once). */
export const sendEmailJob = defineJob({
  name: "send-email",
  queue: "messaging",
  scope: "workspace",
  payload: z.union([z.object({ messageId: idSchema }).strict(), z.object({ notificationId: idSchema }).strict()]),
  ...MESSAGING_RETRIES,
  jobId: (payload) =>
    "messageId" in payload ? `send-email-message-${payload.messageId}` : `send-email-notification-${payload.notificationId}`,
  async process(ctx, payload) {
    if ("messageId" in payload) {
      const { deliverLeadMessage } = await import("@/server/services/messages/deliver-lead-message");
      return deliverLeadMessage(ctx, { messageId: payload.messageId });
    }
    const { deliverNotificationEmail } = await import("@/server/services/notifications/deliver-notification-email");
    return deliverNotificationEmail(ctx, { notificationId: payload.notificationId });
  },
});
