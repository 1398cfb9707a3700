import { DelayedError } from "bullmq";
import { aiTurnJob, sweepWaitingMessagesJob } from "@/server/jobs/registry";
import { withLeadLock } from "@/server/agents/lead-lock";
import { handOverPendingMessages, sweepWaitingMessages } from "@/server/agents/waiting-messages";
import { runAiTurn } from "@/server/agents/run-turn";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { defineProcessor } from "../processor";

/** While another turn of the same lead runs, the job steps aside (delayed) instead of holding a worker slot. */
export const LEAD_BUSY_RETRY_MS = 250;

export const aiTurnProcessor = defineProcessor(aiTurnJob, async ({ subAccountId, leadId }, { job, log }) => {
  const result = await withLeadLock(subAccountId, leadId, () => runAiTurn({ subAccountId, leadId }, log)).catch(async (e: unknown) => {
    // After the last attempt nobody will answer these messages unless a person does (unless another turn of the lead
    // is running now: it answers them).
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      await withLeadLock(subAccountId, leadId, () => handOverPendingMessages(subAccountId, leadId, "failed")).catch(() => undefined);
    }
    throw e;
  });
  if (result.locked) {
    // The reply, or the messages now waiting for a person (a handoff may also have paused the AI).
    if (result.value.status !== "gone" && result.value.status !== "nothing_pending") {
      await publishConversationEvent(subAccountId, { leadId, kind: "message" });
    }
    return result.value;
  }
  await job.moveToDelayed(Date.now() + LEAD_BUSY_RETRY_MS, job.token);
  throw new DelayedError();
});

export const sweepWaitingMessagesProcessor = defineProcessor(sweepWaitingMessagesJob, (_payload, { log }) => sweepWaitingMessages(log));
