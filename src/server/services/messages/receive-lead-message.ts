import { randomInt } from "node:crypto";
import type { InboundMessageInput } from "@/schemas/chat";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { getAgentConfig } from "@/server/agents/agent-config";
import { enqueue } from "@/server/jobs/enqueue";
import { emitMessageReceived } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { aiTurnJob } from "@/server/jobs/ai-turn";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { encryptMessageContent, encryptMessageSubject } from "@/server/services/messages/message-content";

/**
 * A lead's message enters the product: stored encrypted as `pending` (waiting for an answer), then an AI turn is
 * queued after the strategy's pacing delay (a random whole number of seconds in [delayMin, delayMax]). The turn
 * answers every pending message of the lead at once, so messages arriving during the delay get one reply.
 */
// Bursts of inbound messages (and turns in the same process) may queue for a pooled connection.
export const TRANSACTION_WAIT = { maxWait: 10_000, timeout: 15_000 };

export async function receiveLeadMessage(ctx: WorkspaceContext, input: InboundMessageInput, options: { skipPacing?: boolean } = {}) {
  const lead = await ctx.db.lead.findUnique({ where: { id: input.leadId }, select: { id: true, strategyId: true } });
  if (!lead) throw AppError.field("leadId", "No such lead in this workspace.");
  const message = await transactionWithEvents(ctx.db, async (tx) => {
    const created = await tx.message.create({
      data: {
        subAccountId: ctx.workspace.id,
        leadId: lead.id,
        role: "lead",
        channel: input.channel,
        content: encryptMessageContent(ctx.workspace.id, lead.id, input.content),
        subject: input.subject ? encryptMessageSubject(ctx.workspace.id, lead.id, input.subject) : null,
        status: "pending",
        externalId: input.externalId ?? null,
      },
      select: { id: true, createdAt: true, status: true },
    });
    await tx.lead.update({ where: { id: lead.id }, data: { lastMessageAt: created.createdAt }, select: { id: true } });
    await emitMessageReceived(tx, ctx.workspace.id, created.id);
    return created;
  }, TRANSACTION_WAIT);
  await publishConversationEvent(ctx.workspace.id, { leadId: lead.id, kind: "message" });
  const delayMs = options.skipPacing ? 0 : await replyDelayMs(ctx.workspace.id, lead.strategyId);
  await enqueue(aiTurnJob, { subAccountId: ctx.workspace.id, leadId: lead.id, messageId: message.id.toString() }, { delay: delayMs }).catch(
    // The message is stored as pending: the sweep (agents/waiting-messages.ts) queues its turn again.
    (e: unknown) => ctx.log.warn({ err: { message: (e as Error).message }, leadId: lead.id }, "ai turn not queued; the sweep will queue it"),
  );
  return { id: message.id.toString(), createdAt: message.createdAt, status: message.status, replyDelayMs: delayMs };
}

export async function replyDelayMs(subAccountId: number, strategyId: number | null): Promise<number> {
  if (strategyId === null) return 0;
  const config = await getAgentConfig(subAccountId, strategyId);
  if (!config || config.delayMax <= 0) return 0;
  return randomInt(config.delayMin, config.delayMax + 1) * 1_000;
}
