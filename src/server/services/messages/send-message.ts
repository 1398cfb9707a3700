import type { z } from "zod";
import type { sendMessageSchema } from "@/schemas/messages";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { sendEmailJob } from "@/server/jobs/send-email";
import { suppressionMessage } from "@/server/services/email/threading";
import { queueLeadSms } from "@/server/services/sms/queue-lead-sms";
import { DeliveryError } from "@/server/integrations/messaging";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { recipientOf } from "./recipient";
import { messageView, messageViewFields } from "./list-messages";
import { encryptMessageContent, encryptMessageSubject } from "./message-content";
import { isUniqueViolation } from "@/server/db/errors";
import { takeMessageSlot } from "@/server/services/usage/message-limits";
import { emitMessageSent } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";

type SendMessageInput = z.output<typeof sendMessageSchema>;


/**
 * A message a person sends to a lead by SMS, email or web chat: checks the lead can be reached on that channel, stores
 * the Message (content encrypted) and enqueues its send job for the workspace's JobRun. Nothing is written when the
 * lead cannot be reached. The same idempotencyKey returns the first message instead of a second.
 * On `web` there is no send job: the message is stored as sent and the visitor's open chat window reads it from its
 * live stream (services/widget/widget-events.ts, woken by the conversation event published here).
 */
export async function sendMessage(ctx: WorkspaceContext, input: SendMessageInput) {
  const lead = await ctx.db.lead.findUnique({ where: { id: input.leadId }, select: { id: true, phone: true, email: true, archivedAt: true } });
  if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  if (lead.archivedAt) throw new AppError("PRECONDITION_FAILED", "This lead is archived; restore it before sending a message.");
  if (input.channel === "web") {
    const wroteFromWebsite = await ctx.db.message.findFirst({ where: { leadId: lead.id, channel: "web", role: "lead" }, select: { id: true } });
    if (!wroteFromWebsite) throw AppError.field("channel", "This lead has not written from the website chat, so there is no chat window to answer in. Choose SMS or email.");
  } else {
    try {
      recipientOf(lead, input.channel);
    } catch (e) {
      if (e instanceof DeliveryError) throw AppError.field("channel", `${e.message} Choose another channel or update the lead.`);
      throw e;
    }
  }

  const idempotencyKey = input.idempotencyKey ? `manual:${input.idempotencyKey}` : null;
  if (idempotencyKey) {
    const existing = await ctx.db.message.findFirst({ where: { idempotencyKey }, select: messageViewFields });
    if (existing) return sameSendOrConflict(existing, input);
  }

  if (input.channel === "sms") {
    // Consent, quiet hours and the number's rate apply to every SMS: one path for people, the AI and campaigns.
    const queued = await queueLeadSms(ctx, { leadId: lead.id, body: input.body, origin: "person", idempotencyKey: idempotencyKey ?? undefined, confirmQuietHours: input.confirmQuietHours });
    return queued.message;
  }

  const subAccountId = ctx.workspace.id;
  if (input.channel === "web") return sendWebChatMessage(ctx, lead.id, input, idempotencyKey);
  const suppressed = await ctx.db.emailSuppression.findFirst({ where: { email: lead.email!.toLowerCase() }, select: { reason: true } });
  if (suppressed) throw AppError.field("channel", suppressionMessage(suppressed.reason));
  let message;
  try {
    message = await ctx.db.$transaction(async (tx) => {
      // The channel's monthly limit: a refused send stores nothing.
      await takeMessageSlot(tx, subAccountId, input.channel);
      const created = await tx.message.create({
        data: {
          subAccountId,
          leadId: lead.id,
          role: "human",
          channel: input.channel,
          content: encryptMessageContent(subAccountId, lead.id, input.body),
          subject: input.channel === "email" && input.subject ? encryptMessageSubject(subAccountId, lead.id, input.subject) : null,
          status: "queued",
          idempotencyKey,
        },
        select: messageViewFields,
      });
      await tx.lead.update({ where: { id: lead.id }, data: { lastMessageAt: created.createdAt }, select: { id: true } });
      return created;
    });
  } catch (e) {
    if (!idempotencyKey || !isUniqueViolation(e)) throw e;
    // The same compose sent twice at once: the other request stored it.
    return sameSendOrConflict((await ctx.db.message.findFirst({ where: { idempotencyKey }, select: messageViewFields }))!, input);
  }

  const messageId = Number(message.id);
  await publishConversationEvent(subAccountId, { leadId: lead.id, kind: "message" });
  try {
    await enqueue(sendEmailJob, { messageId }, { ctx });
  } catch (e) {
    await ctx.db.message.update({ where: { id: message.id }, data: { status: "failed", error: "The message could not be queued." } });
    await publishConversationEvent(subAccountId, { leadId: lead.id, kind: "status" });
    ctx.log.error({ err: { message: (e as Error).message }, messageId }, "message not queued");
    throw new AppError("SERVICE_UNAVAILABLE", "The message could not be queued. Try again.");
  }
  return messageView(message);
}

/**
 * A person's answer in the website chat: one transaction takes the month's web slot, stores the message as sent and
 * marks the visitor's messages that waited for a person as answered (the window stops saying a person will reply).
 */
async function sendWebChatMessage(ctx: WorkspaceContext, leadId: number, input: SendMessageInput, idempotencyKey: string | null) {
  const subAccountId = ctx.workspace.id;
  let message;
  try {
    message = await transactionWithEvents(ctx.db, async (tx) => {
      await takeMessageSlot(tx, subAccountId, "web");
      const created = await tx.message.create({
        data: { subAccountId, leadId, role: "human", channel: "web", content: encryptMessageContent(subAccountId, leadId, input.body), status: "sent", idempotencyKey },
        select: messageViewFields,
      });
      await tx.message.updateMany({ where: { leadId, channel: "web", role: "lead", status: "needs_human" }, data: { status: "received", error: null } });
      // Delivered as it is stored (the visitor's window reads it): message.sent in the same transaction.
      await emitMessageSent(tx, subAccountId, created.id);
      await tx.lead.update({ where: { id: leadId }, data: { lastMessageAt: created.createdAt }, select: { id: true } });
      return created;
    });
  } catch (e) {
    if (!idempotencyKey || !isUniqueViolation(e)) throw e;
    return sameSendOrConflict((await ctx.db.message.findFirst({ where: { idempotencyKey }, select: messageViewFields }))!, input);
  }
  await publishConversationEvent(subAccountId, { leadId, kind: "message" });
  return messageView(message);
}

function sameSendOrConflict(existing: Parameters<typeof messageView>[0], input: SendMessageInput) {
  const view = messageView(existing);
  if (view.leadId !== input.leadId || view.channel !== input.channel || view.content !== input.body) {
    throw AppError.field("idempotencyKey", "This idempotency key was already used for a different message.");
  }
  return view;
}
