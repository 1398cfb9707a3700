import { takeMessageSlot } from "@/server/services/usage/message-limits";
import { countSmsSegments } from "@/lib/sms-segments";
import type { WorkspaceContext } from "@/server/context";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { DeliveryError } from "@/server/integrations/messaging";
import { enqueue } from "@/server/jobs/enqueue";
import { sendSmsJob } from "@/server/jobs/send-sms";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { recipientOf } from "@/server/services/messages/recipient";
import { messageView, messageViewFields } from "@/server/services/messages/list-messages";
import { TRANSACTION_WAIT } from "@/server/services/messages/receive-lead-message";
import { encryptMessageContent } from "@/server/services/messages/message-content";
import { CONSENT_REPLY_PREFIX, optedOutError } from "./consent";
import { quietHoursEnd, zoneForLead } from "./quiet-hours";
import { smsSettingsOf } from "./settings";

/**
 * Who asks for an SMS. "ai", "campaign" and "booking" (confirmations and reminders) sends inside the lead's quiet
 * hours wait for them to end; a "person" must confirm first; "consent" (the reply to STOP/START/HELP) answers at
 * once, even to a lead who just opted out.
 */
export type SmsOrigin = "ai" | "person" | "campaign" | "consent" | "booking";

export interface QueueLeadSmsInput {
  leadId: number;
  body: string;
  origin: SmsOrigin;
  /** One logical send (e.g. "campaign:12:345"): asking again returns the first message instead of a second. */
  idempotencyKey?: string;
  /** The number to send from (default: the number the lead last texted, else the workspace's first number). */
  smsNumberId?: number;
  /** A person saw the quiet-hours warning and sends anyway. */
  confirmQuietHours?: boolean;
}

const ROLE_OF: Record<SmsOrigin, "human" | "assistant"> = { ai: "assistant", person: "human", campaign: "human", consent: "assistant", booking: "assistant" };

/**
 * The one way an SMS to a lead is queued (people, campaigns; AI replies come through scheduleStoredSms): refuses a
 * lead who opted out or has no usable phone, applies quiet hours, stores the Message (queued, content encrypted)
 * and enqueues the send-sms job, delayed to the first allowed minute. The job applies the number's sending rate.
 */
export async function queueLeadSms(ctx: WorkspaceContext, input: QueueLeadSmsInput) {
  const lead = await ctx.db.lead.findUnique({
    where: { id: input.leadId },
    select: { id: true, phone: true, email: true, timezone: true, smsOptedOutAt: true, archivedAt: true },
  });
  if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  if (lead.archivedAt) throw new AppError("PRECONDITION_FAILED", "This lead is archived; restore it before sending a message.");
  if (lead.smsOptedOutAt && input.origin !== "consent") throw new AppError("PRECONDITION_FAILED", optedOutError(lead.smsOptedOutAt).message);
  try {
    recipientOf(lead, "sms");
  } catch (e) {
    if (e instanceof DeliveryError) throw AppError.field("leadId", `${e.message} Add a mobile number to the lead first.`);
    throw e;
  }
  if (input.idempotencyKey) {
    const existing = await ctx.db.message.findFirst({ where: { idempotencyKey: input.idempotencyKey }, select: messageViewFields });
    if (existing) return { message: messageView(existing), scheduledFor: null };
  }

  const scheduledFor = await allowedSendTime(ctx, lead, input.origin, input.confirmQuietHours ?? false);
  const smsNumberId = input.smsNumberId ?? (await numberLeadTexted(ctx, lead.id));
  let created;
  try {
    created = await ctx.db.$transaction(async (tx) => {
      // The monthly SMS limit (STOP/START confirmations are owed to the lead whatever the limit).
      if (input.origin !== "consent") await takeMessageSlot(tx, ctx.workspace.id, "sms");
      const message = await tx.message.create({
        data: {
          subAccountId: ctx.workspace.id,
          leadId: lead.id,
          role: ROLE_OF[input.origin],
          channel: "sms",
          content: encryptMessageContent(ctx.workspace.id, lead.id, input.body),
          status: "queued",
          idempotencyKey: input.idempotencyKey ?? null,
          smsSegments: countSmsSegments(input.body).segments,
          smsNumberId,
          scheduledFor,
        },
        select: messageViewFields,
      });
      await tx.lead.update({ where: { id: lead.id }, data: { lastMessageAt: message.createdAt }, select: { id: true } });
      return message;
    }, TRANSACTION_WAIT);
  } catch (e) {
    if (!input.idempotencyKey || !isUniqueViolation(e)) throw e;
    // The same send asked twice at once: the other call stored it.
    const existing = await ctx.db.message.findFirst({ where: { idempotencyKey: input.idempotencyKey }, select: messageViewFields });
    return { message: messageView(existing!), scheduledFor: null };
  }
  await publishConversationEvent(ctx.workspace.id, { leadId: lead.id, kind: "message" });
  await enqueueSend(ctx, { id: created.id, leadId: lead.id }, scheduledFor);
  return { message: messageView(created), scheduledFor };
}

/**
 * An SMS already stored as queued (the AI's reply): delayed past the lead's quiet hours, then handed to send-sms.
 * The reply goes out from the number the lead texted.
 */
export async function scheduleStoredSms(ctx: WorkspaceContext, message: { id: bigint; leadId: number }, origin: "ai" | "campaign") {
  const lead = await ctx.db.lead.findUnique({ where: { id: message.leadId }, select: { id: true, timezone: true } });
  if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
  const scheduledFor = await allowedSendTime(ctx, lead, origin, false);
  const smsNumberId = await numberLeadTexted(ctx, lead.id);
  await ctx.db.message.update({ where: { id: message.id }, data: { scheduledFor, smsNumberId }, select: { id: true } });
  await enqueueSend(ctx, message, scheduledFor);
  return { scheduledFor };
}

async function enqueueSend(ctx: WorkspaceContext, message: { id: bigint; leadId: number }, scheduledFor: Date | null) {
  const delay = scheduledFor ? Math.max(0, scheduledFor.getTime() - Date.now()) : 0;
  try {
    await enqueue(sendSmsJob, { messageId: Number(message.id) }, { ctx, delay });
  } catch (e) {
    await ctx.db.message.update({ where: { id: message.id }, data: { status: "failed", error: "The message could not be queued." }, select: { id: true } });
    await publishConversationEvent(ctx.workspace.id, { leadId: message.leadId, kind: "status" });
    ctx.log.error({ err: { message: (e as Error).message }, messageId: Number(message.id) }, "sms not queued");
    throw new AppError("SERVICE_UNAVAILABLE", "The message could not be queued. Try again.");
  }
}

/** Null: send now. Otherwise the end of the lead's quiet hours (ai, campaign, booking); a person must confirm instead. */
export async function allowedSendTime(ctx: WorkspaceContext, lead: { timezone: string | null }, origin: SmsOrigin, confirmed: boolean): Promise<Date | null> {
  if (origin === "consent") return null;
  const workspace = await ctx.db.subAccount.findFirst({ select: { name: true, settings: true } });
  const settings = smsSettingsOf(workspace ?? { name: ctx.workspace.name, settings: {} });
  const zone = zoneForLead(lead.timezone, settings.timezone);
  const now = new Date();
  const endsAt = quietHoursEnd(now, zone, settings.quietHours);
  if (!endsAt) return null;
  if (origin === "person") {
    if (confirmed) return null;
    const clock = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(now);
    throw AppError.field(
      "confirmQuietHours",
      `It is ${clock} for this lead, inside quiet hours (${settings.quietHours.start}–${settings.quietHours.end}). Confirm to send anyway.`,
    );
  }
  return endsAt;
}

async function numberLeadTexted(ctx: WorkspaceContext, leadId: number): Promise<number | null> {
  const last = await ctx.db.message.findFirst({
    where: { leadId, channel: "sms", role: "lead", smsNumberId: { not: null } },
    orderBy: { id: "desc" },
    select: { smsNumberId: true },
  });
  return last?.smsNumberId ?? null;
}

export const consentIdempotencyKey = (inboundMessageSid: string) => `${CONSENT_REPLY_PREFIX}${inboundMessageSid}`;
