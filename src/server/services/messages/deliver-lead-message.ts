import type { MessageStatus } from "@/generated/prisma/client";
import type { WorkspaceJobContext } from "@/server/context";
import { DeliveryError, getMessagingDrivers } from "@/server/integrations/messaging";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { decryptMessageContent, decryptMessageSubject } from "./message-content";
import { recipientOf } from "./recipient";
import { sendOnce, type SendOnceResult } from "./send-once";

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

function sendLeadEmail(ctx: WorkspaceJobContext, input: { messageId: number }): Promise<SendOnceResult> {
  const workspaceId = ctx.workspace.id;
  const channel = "email";
  const drivers = getMessagingDrivers();
  const messageId = BigInt(input.messageId);
  return sendOnce<LockedMessage>(
    {
      notFoundMessage: "No such message in this workspace.",
      lock: async (tx) => {
        const rows = await tx.$queryRaw<LockedMessage[]>`
          SELECT id, "subAccountId", "leadId", role::text AS role, channel::text AS channel, content, subject, status::text AS status, "externalId"
          FROM "Message" WHERE "subAccountId" = ${workspaceId} AND id = ${messageId}
          FOR UPDATE NOWAIT`;
        return rows[0] ?? null;
      },
      deliver: async (message, tx) => {
        if (message.channel !== channel || !OUTBOUND_ROLES.has(message.role)) throw new DeliveryError("This message is not an outbound email.", { permanent: true });
        const lead = await tx.lead.findFirst({ where: { subAccountId: workspaceId, id: message.leadId }, select: { phone: true, email: true } });
        if (!lead) throw new DeliveryError("The lead no longer exists.", { permanent: true });
        const to = recipientOf(lead, channel);
        const text = decryptMessageContent(message);
        const reference = `message:${message.id}`;
        return drivers.email.sendEmail({
          workspaceId,
          reference,
          to,
          from: drivers.emailFrom,
          // Emails written without a subject (an AI reply, for one) go out under the workspace's name.
          subject: decryptMessageSubject(message) ?? `A message from ${ctx.workspace.name}`,
          text,
          tag: "lead-message",
        }, { transaction: tx });
      },
      record: async (tx, message, outcome) => {
        await tx.message.update({
          where: { subAccountId_id: { subAccountId: workspaceId, id: message.id } },
          data: outcome.status === "sent" ? { status: "sent", externalId: outcome.externalId, error: null } : { status: outcome.status, error: outcome.error },
        });
      },
    },
    { finalAttempt: ctx.isFinalAttempt, log: ctx.log },
  );
}
