import type { MessageStatus, Prisma } from "@/generated/prisma/client";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { DeliveryError, type MessagingDrivers } from "@/server/integrations/messaging";
import type { Logger } from "@/server/logger";
import { normalizePhone } from "@/server/services/phone";
import { decryptMessageContent, decryptMessageSubject } from "./message-content";
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

/** The lead's phone or email as the driver needs it; a missing or unusable one fails the send for good. */
export function recipientOf(lead: { phone: string | null; email: string | null }, channel: "sms" | "email"): string {
  if (channel === "sms") {
    if (!lead.phone) throw new DeliveryError("The lead has no phone number.", { permanent: true });
    try {
      return normalizePhone(lead.phone, "US");
    } catch (e) {
      if (e instanceof AppError) throw new DeliveryError("The lead's phone number is not a valid number.", { permanent: true });
      throw e;
    }
  }
  if (!lead.email) throw new DeliveryError("The lead has no email address.", { permanent: true });
  if (!z.email().safeParse(lead.email).success) throw new DeliveryError("The lead's email address is not valid.", { permanent: true });
  return lead.email;
}

/** Emails written without a subject (an AI reply, for one) go out under the workspace's name. */
async function defaultSubject(tx: Prisma.TransactionClient, workspaceId: number): Promise<string> {
  const workspace = await tx.subAccount.findUnique({ where: { id: workspaceId }, select: { name: true } });
  return `A message from ${workspace?.name ?? "us"}`;
}

/**
 * Sends one outbound email of a lead conversation through the email driver, once (see send-once.ts). SMS have their
 * own path with an outbox state before the provider call (services/sms/deliver-sms.ts).
 * The workspace is the job's (its JobRun's), so a message id of another workspace reads as not found.
 */
export async function deliverLeadMessage(input: {
  workspaceId: number;
  messageId: number;
  channel: "email";
  drivers: MessagingDrivers;
  finalAttempt: boolean;
  log: Logger;
}): Promise<SendOnceResult> {
  const { workspaceId, channel, drivers } = input;
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
          subject: decryptMessageSubject(message) ?? (await defaultSubject(tx, workspaceId)),
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
    { finalAttempt: input.finalAttempt, log: input.log },
  );
}
