import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { widgetDetailsSchema, widgetMessageSchema } from "@/schemas/widget";
import { workspaceContextFor, type RequestContext, type WorkspaceContext } from "@/server/context";
import { isUniqueViolation } from "@/server/db/errors";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { emitLeadChanged, emitLeadCreated, emitMessageReceived } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { aiTurnJob } from "@/server/jobs/ai-turn";
import { isAiConfigured } from "@/server/integrations/openai/model";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { decryptMessageContent, encryptMessageContent } from "@/server/services/messages/message-content";
import { replyDelayMs, TRANSACTION_WAIT } from "@/server/services/messages/receive-lead-message";
import { normalizePhone, regionFromSettings } from "@/server/services/phone";
import { newVisitorToken, type VisitorToken } from "./visitor-token";
import type { WidgetWorkspace } from "./widget-workspace";

/**
 * The website chat's side of a conversation: a visitor's message is verified (signed token, allowed origin: the
 * routes), rate limited per client IP and per visitor, recorded once under the window's message id (WebhookEvent,
 * in the same transaction as the message, so a retried POST stores one message and queues one turn) and handed to
 * the AI engine on the `web` channel exactly as an SMS is: the worker's ai-turn stores the reply, whose event reaches
 * the visitor's open stream (widget-events.ts). The first message makes the visitor a lead (source "web_chat", on the
 * workspace's strategy for new visitors).
 */
export const WIDGET_LEAD_SOURCE = "web_chat";
export const WIDGET_LEAD_NAME = "Website visitor";

export type VisitorMessage = { id: number; from: "visitor" | "assistant" | "person"; content: string; createdAt: Date };

class DuplicateMessage extends Error {}

/** Both limits count every write of the window: per client address, then per visitor (an address may be a whole office). */
async function limitVisitor(ctx: RequestContext, token: VisitorToken | null) {
  await enforceRateLimit("widgetIp", ctx.ip);
  if (token) await enforceRateLimit("widgetVisitor", `${token.workspaceId}:${token.visitorId}`);
}

export async function receiveWidgetMessage(
  ctx: RequestContext,
  workspace: WidgetWorkspace,
  token: VisitorToken | null,
  input: z.output<typeof widgetMessageSchema>,
) {
  await limitVisitor(ctx, token);
  const visitor = token ?? newVisitorToken(workspace.id);
  const wctx = workspaceContextFor(ctx, workspace);
  let stored;
  try {
    stored = await transactionWithEvents(wctx.db, async (tx) => {
      try {
        await tx.webhookEvent.create({
          data: {
            subAccountId: workspace.id,
            provider: "web",
            providerEventId: `web:${visitor.visitorId}:${input.clientMessageId}`,
            payload: { clientMessageId: input.clientMessageId } as Prisma.InputJsonValue,
            status: "processed",
            processedAt: new Date(),
          },
          select: { id: true },
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new DuplicateMessage();
        throw e;
      }
      let lead = visitor.leadId
        ? await tx.lead.findFirst({ where: { id: visitor.leadId, archivedAt: null }, select: { id: true, strategyId: true, aiPaused: true } })
        : null;
      if (!lead) {
        const strategyId = workspace.widget.newLeadStrategyId;
        const strategy = strategyId ? await tx.strategy.findFirst({ where: { id: strategyId, isActive: true }, select: { id: true } }) : null;
        lead = await tx.lead.create({
          data: { subAccountId: workspace.id, name: WIDGET_LEAD_NAME, source: WIDGET_LEAD_SOURCE, strategyId: strategy?.id ?? null, timezone: input.timezone ?? null },
          select: { id: true, strategyId: true, aiPaused: true },
        });
        await emitLeadCreated(tx, workspace.id, lead.id);
      }
      const message = await tx.message.create({
        data: {
          subAccountId: workspace.id,
          leadId: lead.id,
          role: "lead",
          channel: "web",
          content: encryptMessageContent(workspace.id, lead.id, input.content),
          status: "pending",
          externalId: input.clientMessageId,
        },
        select: { id: true, createdAt: true },
      });
      await tx.lead.update({ where: { id: lead.id }, data: { lastMessageAt: message.createdAt }, select: { id: true } });
      await emitMessageReceived(tx, workspace.id, message.id);
      return { lead, message };
    }, TRANSACTION_WAIT);
  } catch (e) {
    if (e instanceof DuplicateMessage) {
      ctx.log.info({ subAccountId: workspace.id }, "widget message sent again; already stored");
      return { token: visitor, outcome: "duplicate" as const, personWillReply: false };
    }
    throw e;
  }
  const { lead, message } = stored;
  await publishConversationEvent(workspace.id, { leadId: lead.id, kind: "message" });
  const delay = await replyDelayMs(workspace.id, lead.strategyId);
  await enqueue(aiTurnJob, { subAccountId: workspace.id, leadId: lead.id, messageId: message.id.toString() }, { delay }).catch(
    // Stored as pending: the sweep (agents/waiting-messages.ts) queues the turn again.
    (e: unknown) => ctx.log.warn({ err: { message: (e as Error).message }, leadId: lead.id }, "ai turn not queued; the sweep will queue it"),
  );
  return {
    token: { ...visitor, leadId: lead.id },
    outcome: "stored" as const,
    messageId: Number(message.id),
    personWillReply: !(await isAiConfigured(workspace.id)) || lead.aiPaused || lead.strategyId === null,
  };
}

/**
 * Name, email and phone fill the visitor's lead. An email or phone that another lead of the workspace already has is
 * not moved onto this one (nor is that lead's conversation opened to the visitor): it is kept as a note for a person,
 * and the visitor is answered the same, so the chat never tells who is already a lead.
 */
export async function saveWidgetDetails(
  ctx: RequestContext,
  workspace: WidgetWorkspace,
  token: VisitorToken | null,
  input: z.output<typeof widgetDetailsSchema>,
) {
  await limitVisitor(ctx, token);
  if (!token?.leadId) throw new AppError("PRECONDITION_FAILED", "Write a message first, then leave your details.");
  const wctx = workspaceContextFor(ctx, workspace);
  const phone = input.phone ? normalizePhone(input.phone, regionFromSettings(workspace.settings), "phone") : undefined;
  const lead = await wctx.db.lead.findFirst({ where: { id: token.leadId, archivedAt: null }, select: { id: true, name: true } });
  if (!lead) throw new AppError("PRECONDITION_FAILED", "Write a message first, then leave your details.");
  const data: Prisma.LeadUpdateInput = { ...(input.name ? { name: input.name } : {}) };
  const taken: string[] = [];
  for (const [field, value] of [["email", input.email], ["phone", phone]] as const) {
    if (!value) continue;
    const other = await wctx.db.lead.findFirst({ where: { [field]: value, id: { not: lead.id } }, select: { id: true } });
    if (other) taken.push(`${field === "email" ? "Email" : "Phone"} ${value} (already on lead #${other.id})`);
    else data[field] = value;
  }
  const writeDetails = (details: Prisma.LeadUpdateInput) =>
    transactionWithEvents(wctx.db, async (tx) => {
      await tx.lead.update({ where: { id: lead.id }, data: details, select: { id: true } });
      await emitLeadChanged(tx, workspace.id, lead.id, { changed: Object.keys(details) });
    });
  try {
    await writeDetails(data);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // Another lead took the address in the meantime: keep it as a note like the others.
    taken.push(`${input.email ?? ""} ${phone ?? ""}`.trim());
    await writeDetails(input.name ? { name: input.name } : {});
  }
  if (taken.length) {
    await wctx.db.leadNote.create({
      data: { subAccountId: workspace.id, leadId: lead.id, body: `The website visitor gave details another lead already has: ${taken.join("; ")}.` },
      select: { id: true },
    });
  }
  await publishConversationEvent(workspace.id, { leadId: lead.id, kind: "status" });
  return { saved: true };
}

/** The visitor's side of the conversation after `after`: their messages, the AI's replies and people's, oldest first. */
export async function visitorTranscript(ctx: WorkspaceContext | RequestContext, workspace: { id: number; name: string }, leadId: number, after: number) {
  const wctx = "db" in ctx ? ctx : workspaceContextFor(ctx, workspace);
  const [rows, lead] = await Promise.all([
    wctx.db.message.findMany({
      where: { leadId, id: { gt: BigInt(after) }, role: { in: ["lead", "assistant", "human"] }, NOT: { role: "assistant", status: "failed" } },
      orderBy: { id: "asc" },
      take: 200,
      select: { id: true, subAccountId: true, leadId: true, role: true, content: true, createdAt: true },
    }),
    wctx.db.lead.findFirst({ where: { id: leadId }, select: { aiPaused: true, strategyId: true, messages: { where: { role: "lead" }, orderBy: { id: "desc" }, take: 1, select: { status: true } } } }),
  ]);
  const messages: VisitorMessage[] = rows.map((r) => ({
    id: Number(r.id),
    from: r.role === "lead" ? "visitor" : r.role === "assistant" ? "assistant" : "person",
    content: decryptMessageContent(r),
    createdAt: r.createdAt,
  }));
  // Once the visitor's latest message is answered (by the AI, or by a person from the inbox), nobody is awaited.
  const answered = lead?.messages[0]?.status === "received";
  const personWillReply = !answered && (!lead || !(await isAiConfigured(workspace.id)) || lead.aiPaused || lead.strategyId === null || lead.messages[0]?.status === "needs_human");
  return { messages, personWillReply };
}
