import type { Prisma } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { DeliveryError } from "@/server/integrations/messaging";
import { enqueue } from "@/server/jobs/enqueue";
import { sendEmailJob } from "@/server/jobs/send-email";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { messageView, messageViewFields } from "@/server/services/messages/list-messages";
import { encryptMessageContent, encryptMessageSubject } from "@/server/services/messages/message-content";
import { recipientOf } from "@/server/services/messages/recipient";
import { takeMessageSlot } from "@/server/services/usage/message-limits";
import { suppressionMessage } from "./threading";

export interface QueueLeadEmailInput {
  leadId: number;
  subject: string;
  body: string;
  /** One logical send (e.g. "booking:12:created:0"): asking again returns the first message instead of a second. */
  idempotencyKey: string;
  /** A booking's calendar invite, made into an `.ics` attachment when the email is sent (bookings/calendar-invite.ts). */
  calendarInvite?: Prisma.InputJsonValue;
}

/**
 * An automatic email to a lead in their conversation (booking confirmations and reminders): refused with the usual
 * words when the lead has no usable address or it is suppressed; stored (content encrypted, role assistant) with the
 * channel's monthly slot in one transaction, then handed to send-email, which sends it on the transactional stream.
 */
export async function queueLeadEmail(ctx: WorkspaceContext, input: QueueLeadEmailInput) {
  const lead = await ctx.db.lead.findUnique({ where: { id: input.leadId }, select: { id: true, phone: true, email: true, archivedAt: true } });
  if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  if (lead.archivedAt) throw new AppError("PRECONDITION_FAILED", "This lead is archived; restore it before sending a message.");
  let to: string;
  try {
    to = recipientOf(lead, "email");
  } catch (e) {
    if (e instanceof DeliveryError) throw new AppError("PRECONDITION_FAILED", e.message);
    throw e;
  }
  const existing = await ctx.db.message.findFirst({ where: { idempotencyKey: input.idempotencyKey }, select: messageViewFields });
  if (existing) return messageView(existing);
  const suppressed = await ctx.db.emailSuppression.findFirst({ where: { email: to.toLowerCase() }, select: { reason: true } });
  if (suppressed) throw new AppError("PRECONDITION_FAILED", suppressionMessage(suppressed.reason));

  const subAccountId = ctx.workspace.id;
  let message;
  try {
    message = await ctx.db.$transaction(async (tx) => {
      await takeMessageSlot(tx, subAccountId, "email");
      const created = await tx.message.create({
        data: {
          subAccountId,
          leadId: lead.id,
          role: "assistant",
          channel: "email",
          content: encryptMessageContent(subAccountId, lead.id, input.body),
          subject: encryptMessageSubject(subAccountId, lead.id, input.subject),
          status: "queued",
          idempotencyKey: input.idempotencyKey,
          ...(input.calendarInvite ? { calendarInvite: input.calendarInvite } : {}),
        },
        select: messageViewFields,
      });
      await tx.lead.update({ where: { id: lead.id }, data: { lastMessageAt: created.createdAt }, select: { id: true } });
      return created;
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return messageView((await ctx.db.message.findFirst({ where: { idempotencyKey: input.idempotencyKey }, select: messageViewFields }))!);
  }
  await publishConversationEvent(subAccountId, { leadId: lead.id, kind: "message" });
  try {
    await enqueue(sendEmailJob, { messageId: Number(message.id) }, { ctx });
  } catch (e) {
    await ctx.db.message.update({ where: { id: message.id }, data: { status: "failed", error: "The message could not be queued." }, select: { id: true } });
    await publishConversationEvent(subAccountId, { leadId: lead.id, kind: "status" });
    throw e;
  }
  return messageView(message);
}
