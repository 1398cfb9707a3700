import type { MessageStatus } from "@/generated/prisma/client";
import type { WorkspaceJobContext } from "@/server/context";
import { DeliveryError } from "@/server/integrations/messaging";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { dispatchEvents, type PendingEvent } from "@/server/events/dispatch-events";
import { MESSAGE_EVENT_SELECT, messagePayloadOf } from "@/server/events/payloads";
import { recordEvent } from "@/server/events/record-event";
import { decryptMessageContent, decryptMessageSubject } from "./message-content";
import { recipientOf } from "./recipient";
import { sendOnce, type SendOnceResult } from "./send-once";
import { calendarInviteAttachment } from "@/server/services/bookings/calendar-invite";
import { emailChannelFrom, replyToAddress, unsubscribeUrl } from "@/server/services/email/email-channel";
import { giveReplyToken, refuseSuppressed, threadHeaders, type ThreadHeaders } from "@/server/services/email/threading";

interface LockedMessage {
  id: bigint;
  subAccountId: number;
  leadId: number;
  role: string;
  channel: string;
  content: string;
  subject: string | null;
  status: MessageStatus;
  externalId: string | null;
  idempotencyKey: string | null;
  calendarInvite: unknown;
}

const OUTBOUND_ROLES = new Set(["human", "assistant"]);

/**
 * Sends one outbound email of a lead conversation through the email driver, once (see send-once.ts). SMS have their
 * own path with an outbox state before the provider call (services/sms/deliver-sms.ts).
 * The workspace is the job's (its JobRun's), so a message id of another workspace reads as not found. The inbox
 * shows the new delivery status (sent, or failed with its reason) as soon as the send settles.
 */
export async function deliverLeadMessage(ctx: WorkspaceJobContext, input: { messageId: number }): Promise<SendOnceResult> {
  try {
    return await sendLeadEmail(ctx, input);
  } finally {
    await publishConversationEvent(ctx.workspace.id, { leadId: null, kind: "status" });
  }
}

async function sendLeadEmail(ctx: WorkspaceJobContext, input: { messageId: number }): Promise<SendOnceResult> {
  const workspaceId = ctx.workspace.id;
  const channel = "email";
  const messageId = BigInt(input.messageId);
  let messageHeaders: ThreadHeaders | undefined;
  // message.sent, recorded in the send's transaction and dispatched once it committed.
  const sentEvents: PendingEvent[] = [];
  const result = await sendOnce<LockedMessage>(
    {
      notFoundMessage: "No such message in this workspace.",
      lock: async (tx) => {
        const rows = await tx.$queryRaw<LockedMessage[]>`
          SELECT id, "subAccountId", "leadId", role::text AS role, channel::text AS channel, content, subject, status::text AS status, "externalId", "idempotencyKey", "calendarInvite"
          FROM "Message" WHERE "subAccountId" = ${workspaceId} AND id = ${messageId}
          FOR UPDATE NOWAIT`;
        return rows[0] ?? null;
      },
      deliver: async (message, tx) => {
        if (message.channel !== channel || !OUTBOUND_ROLES.has(message.role)) throw new DeliveryError("This message is not an outbound email.", { permanent: true });
        const lead = await tx.lead.findFirst({ where: { subAccountId: workspaceId, id: message.leadId }, select: { phone: true, email: true, emailReplyToken: true } });
        if (!lead) throw new DeliveryError("The lead no longer exists.", { permanent: true });
        const to = recipientOf(lead, channel);
        await refuseSuppressed(tx, workspaceId, to);
        const text = decryptMessageContent(message);
        const reference = `message:${message.id}`;
        const settings = await tx.emailSettings.findFirst({ where: { subAccountId: workspaceId }, select: { fromName: true, fromAddress: true, serverToken: true } });
        const email = emailChannelFrom(ctx.workspace, settings);
        const replyToken = lead.emailReplyToken ?? (await giveReplyToken(tx, workspaceId, message.leadId));
        const thread = await threadHeaders(tx, workspaceId, message);
        const unsubscribe = unsubscribeUrl(workspaceId, to);
        messageHeaders = thread;
        // A booking's confirmation carries its calendar invite, as it was when the email was written.
        const attachments = message.calendarInvite
          ? [calendarInviteAttachment(message.calendarInvite, { from: email.from, to })]
          : undefined;
        return email.sender.sendEmail({
          workspaceId,
          reference,
          to,
          from: email.from,
          // Emails written without a subject (an AI reply, for one) go out under the workspace's name.
          subject: decryptMessageSubject(message) ?? `A message from ${ctx.workspace.name}`,
          text,
          tag: "lead-message",
          // Campaign mail is bulk (Postmark's broadcast stream); a conversation's replies are transactional.
          stream: message.idempotencyKey?.startsWith("campaign") ? "broadcast" : "transactional",
          replyTo: replyToAddress(replyToken),
          headers: [
            { name: "Message-ID", value: thread.messageId },
            ...(thread.inReplyTo ? [{ name: "In-Reply-To", value: thread.inReplyTo }] : []),
            ...(thread.references ? [{ name: "References", value: thread.references }] : []),
            // Mail to leads is not transactional: one-click unsubscribe (RFC 8058) as Gmail and Yahoo require of senders.
            { name: "List-Unsubscribe", value: `<${unsubscribe}>` },
            { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
          ],
          ...(attachments ? { attachments } : {}),
        }, { transaction: tx });
      },
      record: async (tx, message, outcome) => {
        const updated = await tx.message.update({
          where: { subAccountId_id: { subAccountId: workspaceId, id: message.id } },
          data:
            outcome.status === "sent"
              ? { status: "sent", externalId: outcome.externalId, error: null, emailMessageId: messageHeaders?.messageId ?? null, emailReferences: messageHeaders?.references ?? null }
              : { status: outcome.status, error: outcome.error },
          select: MESSAGE_EVENT_SELECT,
        });
        if (outcome.status === "sent") {
          const id = await recordEvent(tx, { subAccountId: workspaceId, type: "message.sent", data: { message: messagePayloadOf(updated) } });
          sentEvents.push({ id, subAccountId: workspaceId, type: "message.sent" });
        }
      },
    },
    { finalAttempt: ctx.isFinalAttempt, log: ctx.log },
  );
  await dispatchEvents(sentEvents);
  return result;
}
