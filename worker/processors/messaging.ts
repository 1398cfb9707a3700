import { DelayedError, type Job } from "bullmq";
import { AppError } from "@/server/errors";
import { sendEmailJob, sendSmsJob } from "@/server/jobs/registry";
import { getMessagingDrivers } from "@/server/integrations/messaging";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { deliverLeadMessage } from "@/server/services/messages/deliver-lead-message";
import { deliverNotificationEmail } from "@/server/services/notifications/deliver-notification-email";
import { deliverSms, SmsSendDeferred } from "@/server/services/sms/deliver-sms";
import { defineProcessor } from "../processor";

const isFinalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** A send works on the workspace of its JobRun, never on one named in the payload. */
function workspaceOf(workspaceId: number | null): number {
  if (workspaceId === null) throw new AppError("PRECONDITION_FAILED", "A message must be sent for a workspace.");
  return workspaceId;
}

/** The inbox shows the new delivery status (sent, or failed with its reason) as soon as the send settles. */
async function announcingStatus<T>(workspaceId: number, send: Promise<T>): Promise<T> {
  try {
    return await send;
  } finally {
    await publishConversationEvent(workspaceId, { leadId: null, kind: "status" });
  }
}

/**
 * An SMS goes out exactly once at its number's sending rate (services/sms/deliver-sms.ts). When the number's rate
 * is used up further ahead than a short wait, the job steps aside (delayed) instead of holding a worker slot.
 */
export const sendSmsProcessor = defineProcessor(sendSmsJob, async ({ messageId }, { job, log, workspaceId }) => {
  const workspace = workspaceOf(workspaceId);
  try {
    return await announcingStatus(workspace, deliverSms({ workspaceId: workspace, messageId, finalAttempt: isFinalAttempt(job), log }));
  } catch (e) {
    if (!(e instanceof SmsSendDeferred)) throw e;
    await job.moveToDelayed(Date.now() + e.retryInMs, job.token);
    throw new DelayedError();
  }
});

export const sendEmailProcessor = defineProcessor(sendEmailJob, (payload, { job, log, workspaceId }) => {
  const common = { workspaceId: workspaceOf(workspaceId), drivers: getMessagingDrivers(), finalAttempt: isFinalAttempt(job), log };
  return "messageId" in payload
    ? announcingStatus(common.workspaceId, deliverLeadMessage({ ...common, messageId: payload.messageId, channel: "email" }))
    : deliverNotificationEmail({ ...common, notificationId: payload.notificationId });
});
