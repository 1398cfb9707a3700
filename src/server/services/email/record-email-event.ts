import type { EmailSuppressionReason, Prisma } from "@/generated/prisma/client";
import type { RequestContext } from "@/server/context";
import { tenantDb } from "@/server/db/tenant";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { unsafeFindSentEmail } from "./postmark-webhook";
import { suppressionMessage } from "./threading";

/** Bounce types after which Postmark deactivates the address (no retry reaches it); soft bounces are only recorded. */
const PERMANENT_BOUNCES = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated", "SpamNotification", "Blocked", "DMARCPolicy"]);

const str = (v: unknown, max = 500) => (typeof v === "string" ? v.slice(0, max) : undefined);

export type EmailEventOutcome = "suppressed" | "recorded" | "duplicate" | "ignored";

interface EmailEvent {
  key: string;
  messageId: string;
  email: string | null;
  suppress: EmailSuppressionReason | null;
  detail: string | null;
  delivered: boolean;
}

/** The parts of a Postmark bounce, spam-complaint, subscription-change or delivery webhook we act on. */
function readEvent(body: Record<string, unknown>): EmailEvent | null {
  const messageId = str(body.MessageID, 100);
  if (!messageId || !/^[0-9a-zA-Z-]{8,100}$/.test(messageId)) throw AppError.field("MessageID", "The event has no MessageID.");
  const id = typeof body.ID === "number" || typeof body.ID === "string" ? String(body.ID).slice(0, 40) : null;
  switch (body.RecordType) {
    case "Bounce": {
      const type = str(body.Type, 60) ?? "Unknown";
      const permanent = body.Inactive === true || PERMANENT_BOUNCES.has(type);
      return { key: `bounce:${id ?? messageId}`, messageId, email: str(body.Email, 254) ?? null, suppress: permanent ? "bounce" : null, detail: `${type}: ${str(body.Description, 300) ?? ""}`.trim(), delivered: false };
    }
    case "SpamComplaint":
      return { key: `spam:${id ?? messageId}`, messageId, email: str(body.Email, 254) ?? null, suppress: "spam_complaint", detail: "Marked as spam", delivered: false };
    case "SubscriptionChange": {
      if (body.SuppressSending !== true) return null;
      const reason = str(body.SuppressionReason, 60);
      return {
        key: `subscription:${messageId}:${str(body.ChangedAt, 40) ?? ""}`,
        messageId,
        email: str(body.Recipient, 254) ?? null,
        suppress: reason === "HardBounce" ? "bounce" : reason === "SpamComplaint" ? "spam_complaint" : "unsubscribed",
        detail: reason ?? null,
        delivered: false,
      };
    }
    case "Delivery":
      return { key: `delivery:${messageId}`, messageId, email: str(body.Recipient, 254) ?? null, suppress: null, detail: null, delivered: true };
    default:
      return null;
  }
}

/**
 * POST /api/webhooks/postmark/events after the credentials were checked: bounces, spam complaints and unsubscribes
 * suppress the address in the workspace that sent the email (found from Postmark's MessageID of our send, never from
 * the payload's text), and the email's message shows why; deliveries move the message to delivered. One transaction
 * per event, recorded under its Postmark id (WebhookEvent, unique), so a redelivery changes nothing.
 */
export async function recordEmailEvent(ctx: RequestContext, payload: unknown): Promise<{ outcome: EmailEventOutcome }> {
  const body = (payload && typeof payload === "object" && !Array.isArray(payload) ? payload : {}) as Record<string, unknown>;
  const event = readEvent(body);
  if (!event) return { outcome: "ignored" };
  const sent = await unsafeFindSentEmail(event.messageId);
  if (!sent) {
    ctx.log.info({ postmarkMessageId: event.messageId }, "postmark event for an email we did not send; ignored");
    return { outcome: "ignored" };
  }
  const db = tenantDb(sent.workspaceId);
  const address = event.email?.trim().toLowerCase() || null;
  try {
    await db.$transaction(async (tx) => {
      await tx.webhookEvent.create({
        data: { subAccountId: sent.workspaceId, provider: "postmark", providerEventId: event.key, payload: { MessageID: event.messageId, RecordType: str(body.RecordType, 40) ?? null } as Prisma.InputJsonValue, status: "processed", processedAt: new Date() },
        select: { id: true },
      });
      if (event.suppress && address) {
        await tx.emailSuppression.upsert({
          where: { subAccountId_email: { subAccountId: sent.workspaceId, email: address } },
          create: { subAccountId: sent.workspaceId, email: address, reason: event.suppress, detail: event.detail },
          update: { reason: event.suppress, detail: event.detail },
          select: { id: true },
        });
      }
      if (sent.messageId !== null) {
        if (event.delivered) {
          await tx.message.updateMany({ where: { id: sent.messageId, status: "sent" }, data: { status: "delivered" } });
        } else if (event.suppress === "bounce") {
          await tx.message.updateMany({ where: { id: sent.messageId }, data: { status: "failed", error: `The email bounced (${event.detail}). ${suppressionMessage("bounce")}`.slice(0, 1000) } });
        }
      }
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { outcome: "duplicate" };
    throw e;
  }
  await publishConversationEvent(sent.workspaceId, { leadId: null, kind: "status" });
  return { outcome: event.suppress && address ? "suppressed" : "recorded" };
}
