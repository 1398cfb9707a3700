import type { WorkspaceJobContext } from "@/server/context";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { withLeadLock } from "./lead-lock";
import { runAiTurn } from "./run-turn";
import { handOverPendingMessages } from "./waiting-messages";

/**
 * The ai-turn job's work: the lead's turn under its lock (`locked: false` when another turn of the lead holds it).
 * After the last attempt fails nobody would answer the messages, so they go to a person (unless another turn of
 * the lead is running now: it answers them).
 */
export async function answerLead(ctx: WorkspaceJobContext, input: { leadId: number }) {
  const { leadId } = input;
  const result = await withLeadLock(ctx.workspace.id, leadId, () => runAiTurn(ctx, { leadId })).catch(async (e: unknown) => {
    if (ctx.isFinalAttempt) {
      await withLeadLock(ctx.workspace.id, leadId, () => handOverPendingMessages(ctx, { leadId, reason: "failed" })).catch(() => undefined);
    }
    throw e;
  });
  // The reply, or the messages now waiting for a person (a handoff may also have paused the AI).
  if (result.locked && result.value.status !== "gone" && result.value.status !== "nothing_pending") {
    await publishConversationEvent(ctx.workspace.id, { leadId, kind: "message" });
  }
  return result;
}
