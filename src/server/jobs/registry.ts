import { aiTurnJob, sweepWaitingMessagesJob } from "./definitions/ai-turn";
import { cleanupExpiredSessionsJob } from "./definitions/cleanup-expired-sessions";
import { cleanupExpiredExportsJob, dataExportJob } from "./definitions/data-export";
import { genericTaskJob } from "./definitions/generic-task";
import { sendEmailJob, sendSmsJob } from "./definitions/messaging";
import { analyzeLeadImportJob, cleanupStaleImportsJob, leadImportJob } from "./definitions/lead-import";
import { strategyEvaluationJob } from "./definitions/strategy-evaluation";
import type { JobDefinition } from "./define";

/** Every job of the product. The worker refuses to start unless each has a processor. */
export const JOBS = [cleanupExpiredSessionsJob, genericTaskJob, dataExportJob, cleanupExpiredExportsJob, analyzeLeadImportJob, leadImportJob, cleanupStaleImportsJob, strategyEvaluationJob, aiTurnJob, sweepWaitingMessagesJob, sendSmsJob, sendEmailJob] as const;

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

export { aiTurnJob, sweepWaitingMessagesJob };
export { strategyEvaluationJob };
export { analyzeLeadImportJob, cleanupExpiredExportsJob, cleanupStaleImportsJob, cleanupExpiredSessionsJob, dataExportJob, genericTaskJob, leadImportJob };
export { sendEmailJob, sendSmsJob };
