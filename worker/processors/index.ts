import type { JobName } from "@/server/jobs/registry";
import type { Processor } from "../processor";
import { aiTurnProcessor, sweepWaitingMessagesProcessor } from "./ai-turn";
import { cleanupExpiredSessionsProcessor } from "./cleanup-expired-sessions";
import { cleanupExpiredExportsProcessor, dataExportProcessor } from "./data-export";
import { genericTaskProcessor } from "./generic-task";
import { sendEmailProcessor, sendSmsProcessor } from "./messaging";
import { analyzeLeadImportProcessor, cleanupStaleImportsProcessor, leadImportProcessor } from "./lead-import";
import { strategyEvaluationProcessor } from "./strategy-evaluation";

/** Job name -> processor. The type requires one entry per registered job. */
export const processors: Record<JobName, Processor> = {
  "cleanup-expired-sessions": cleanupExpiredSessionsProcessor as Processor,
  "generic-task": genericTaskProcessor as Processor,
  "data-export": dataExportProcessor as Processor,
  "cleanup-expired-exports": cleanupExpiredExportsProcessor as Processor,
  "analyze-lead-import": analyzeLeadImportProcessor as Processor,
  "lead-import": leadImportProcessor as Processor,
  "cleanup-stale-imports": cleanupStaleImportsProcessor as Processor,
  "run-strategy-evaluation": strategyEvaluationProcessor as Processor,
  "ai-turn": aiTurnProcessor as Processor,
  "sweep-waiting-messages": sweepWaitingMessagesProcessor as Processor,
  "send-sms": sendSmsProcessor as Processor,
  "send-email": sendEmailProcessor as Processor,
};
