import { aiTurnJob } from "./ai-turn";
import { analyzeLeadImportJob } from "./analyze-lead-import";
import { bookingChangedJob } from "./booking-changed";
import { campaignDispatchJob } from "./campaign-dispatch";
import { cleanupDeliveredEventsJob } from "./cleanup-delivered-events";
import { cleanupExpiredExportsJob } from "./cleanup-expired-exports";
import { cleanupExpiredFormSessionsJob } from "./cleanup-expired-form-sessions";
import { cleanupExpiredSessionsJob } from "./cleanup-expired-sessions";
import { cleanupStaleImportsJob } from "./cleanup-stale-imports";
import { dataExportJob } from "./data-export";
import { deliverWebhookJob } from "./deliver-webhook";
import type { JobDefinition } from "./define";
import { fanOutDomainEventJob } from "./fan-out-domain-event";
import { genericTaskJob } from "./generic-task";
import { ghlImportContactsJob } from "./ghl-import-contacts";
import { ghlProcessWebhookJob } from "./ghl-process-webhook";
import { ghlPushBookingJob } from "./ghl-push-booking";
import { ghlPushLeadJob } from "./ghl-push-lead";
import { ghlScheduleSyncJob } from "./ghl-schedule-sync";
import { leadImportJob } from "./lead-import";
import { processInboundSmsJob } from "./process-inbound-sms";
import { processInboundEmailJob } from "./process-inbound-email";
import { strategyEvaluationJob } from "./run-strategy-evaluation";
import { sendBookingReminderJob } from "./send-booking-reminder";
import { sendEmailJob } from "./send-email";
import { sendSmsJob } from "./send-sms";
import { sweepDomainEventsJob } from "./sweep-domain-events";
import { sweepWaitingMessagesJob } from "./sweep-waiting-messages";

/**
 * Every job of the product, each declared in its own file (definition and processor). The worker runs these and
 * registers their schedules; a job left out of this list is neither run nor scheduled.
 */
export const JOBS = [
  cleanupExpiredSessionsJob,
  genericTaskJob,
  dataExportJob,
  cleanupExpiredExportsJob,
  cleanupExpiredFormSessionsJob,
  analyzeLeadImportJob,
  leadImportJob,
  cleanupStaleImportsJob,
  strategyEvaluationJob,
  aiTurnJob,
  sweepWaitingMessagesJob,
  sendSmsJob,
  processInboundSmsJob,
  sendEmailJob,
  processInboundEmailJob,
  campaignDispatchJob,
  fanOutDomainEventJob,
  sweepDomainEventsJob,
  cleanupDeliveredEventsJob,
  bookingChangedJob,
  sendBookingReminderJob,
  deliverWebhookJob,
  ghlImportContactsJob,
  ghlPushLeadJob,
  ghlPushBookingJob,
  ghlProcessWebhookJob,
  ghlScheduleSyncJob,
] as const satisfies readonly JobDefinition[];

export type RegisteredJob = (typeof JOBS)[number];
export type JobName = RegisteredJob["name"];

const byName = new Map<string, JobDefinition>();
for (const job of JOBS) {
  if (byName.has(job.name)) throw new Error(`Job "${job.name}" is defined twice`);
  byName.set(job.name, job);
}

export function getJobDefinition(name: string): JobDefinition | undefined {
  return byName.get(name);
}
