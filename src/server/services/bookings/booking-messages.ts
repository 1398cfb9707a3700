import type { Prisma } from "@/generated/prisma/client";
import { getEnv } from "@/env";
import { formatTimeRange, zoneDisplayName } from "@/lib/time";
import { DEFAULT_BOOKING_REMINDERS } from "@/schemas/bookings";
import type { WorkspaceContext, WorkspaceJobContext } from "@/server/context";
import { DeliveryError } from "@/server/integrations/messaging";
import { enqueue } from "@/server/jobs/enqueue";
import type { BookingChange } from "@/server/jobs/booking-changed";
import { withQueue } from "@/server/jobs/queues";
import { bookingReminderJobId, sendBookingReminderJob } from "@/server/jobs/send-booking-reminder";
import { queueLeadEmail } from "@/server/services/email/queue-lead-email";
import { remindedByGoHighLevel } from "@/server/services/integrations/gohighlevel/reminders";
import { suppressionMessage } from "@/server/services/email/threading";
import { recipientOf } from "@/server/services/messages/recipient";
import { optedOutError } from "@/server/services/sms/consent";
import { allowedSendTime, queueLeadSms } from "@/server/services/sms/queue-lead-sms";
import { zoneForLead } from "@/server/services/sms/quiet-hours";
import { smsChannelOf } from "@/server/services/sms/sms-channel";
import type { CalendarInvite } from "./calendar-invite";
import { bookingManageUrl } from "./manage-token";
import { reminderSettingsOf } from "./reminder-settings";

const bookingForMessages = {
  id: true,
  title: true,
  startsAt: true,
  endsAt: true,
  timezone: true,
  status: true,
  location: true,
  sequence: true,
  user: { select: { name: true } },
  lead: { select: { id: true, name: true, phone: true, email: true, timezone: true, smsOptedOutAt: true, archivedAt: true } },
} as const satisfies Prisma.BookingSelect;

type BookingForMessages = Prisma.BookingGetPayload<{ select: typeof bookingForMessages }>;
type Lead = NonNullable<BookingForMessages["lead"]>;

export type BookingMessageOutcome =
  | { outcome: "queued"; channel: "sms" | "email"; messageId: string; scheduledFor: Date | null }
  | { outcome: "skipped"; reason: string };

const skipped = (reason: string): BookingMessageOutcome => ({ outcome: "skipped", reason });
const isActive = (status: string) => status === "pending" || status === "confirmed";

/**
 * The `booking-changed` job: first the booking's reminders are made to match it as it is now (replaced, or removed
 * for a cancelled booking), then the lead gets the confirmation of this change on their channel. A confirmation of a
 * time the booking has already left (moved again or cancelled since) is skipped: the newer change confirms. The
 * invite carries the booking's SEQUENCE as it is now. A change made in GoHighLevel (`confirm: false`) only moves the
 * reminders: GoHighLevel tells the lead itself.
 */
export async function confirmBookingChange(ctx: WorkspaceJobContext, input: { bookingId: number; change: BookingChange; startsAt: Date; confirm?: false }) {
  const booking = await ctx.db.booking.findUnique({ where: { id: input.bookingId }, select: bookingForMessages });
  if (!booking) {
    await removeBookingReminders(input.bookingId, DEFAULT_BOOKING_REMINDERS.offsetsMinutes);
    return { reminders: [], confirmation: skipped("The booking no longer exists.") };
  }
  const reminders = await replaceBookingReminders(ctx, booking);
  const confirmation =
    input.confirm === false ? skipped("Changed in GoHighLevel, which tells the lead itself.") : await sendConfirmation(ctx, booking, input.change, input.startsAt);
  if (confirmation.outcome === "skipped") ctx.log.info({ bookingId: booking.id, change: input.change, reason: confirmation.reason }, "booking confirmation skipped");
  return { reminders, confirmation };
}

async function sendConfirmation(ctx: WorkspaceContext, booking: BookingForMessages, change: BookingChange, startsAt: Date): Promise<BookingMessageOutcome> {
  if (!booking.lead) return skipped("The booking has no lead.");
  if (change === "cancelled") {
    if (booking.status !== "cancelled") return skipped("The booking is not cancelled.");
  } else {
    if (!isActive(booking.status) || booking.startsAt.getTime() !== startsAt.getTime()) {
      return skipped("The booking changed again since; the newer change is confirmed instead.");
    }
    if (booking.endsAt.getTime() <= Date.now()) return skipped("The booking is already over.");
  }
  const words = describeBooking(ctx, booking, booking.lead);
  const bodies: Record<BookingChange, { subject: string; text: string }> = {
    created: {
      subject: `Booking confirmed: ${words.when}`,
      text: `Your booking with ${words.withWhom} is confirmed for ${words.whenWithZone}.\n\nTo cancel or pick another time: ${words.manageUrl}`,
    },
    rescheduled: {
      subject: `Booking moved: ${words.when}`,
      text: `Your booking with ${words.withWhom} has moved to ${words.whenWithZone}.\n\nTo cancel or pick another time: ${words.manageUrl}`,
    },
    cancelled: {
      subject: `Booking cancelled: ${words.when}`,
      text: `Your booking with ${words.withWhom} for ${words.whenWithZone} is cancelled.\n\nDetails: ${words.manageUrl}`,
    },
  };
  return sendToLead(ctx, booking, booking.lead, {
    ...bodies[change],
    idempotencyKey: `booking:${booking.id}:${change}:${booking.sequence}`,
    // A confirmation that quiet hours would hold until the booking has started is no use; a cancellation still is.
    notAfter: change === "cancelled" ? null : booking.startsAt,
    calendarInvite: calendarInviteOf(ctx, booking, booking.lead, change === "cancelled" ? "CANCEL" : "REQUEST", words),
  });
}

/**
 * The reminder job: it re-reads the booking and the workspace's rules and sends only for an active, future booking
 * whose reminder is due now. A booking moved later is answered with the new time to run at; one moved so near that a
 * closer reminder is due instead is skipped, so the lead never gets two at once. Nor is one sent for a booking that
 * GoHighLevel reminds (its connection's setting, read now: switching it applies to the reminders already waiting).
 */
export async function sendBookingReminder(
  ctx: WorkspaceJobContext,
  input: { bookingId: number; offsetMinutes: number },
): Promise<BookingMessageOutcome | { runAt: Date }> {
  const booking = await ctx.db.booking.findUnique({ where: { id: input.bookingId }, select: bookingForMessages });
  if (!booking) return skipped("The booking no longer exists.");
  if (!isActive(booking.status)) return skipped(`The booking is ${booking.status.replace("_", "-")}.`);
  const now = Date.now();
  if (booking.startsAt.getTime() <= now) return skipped("The booking has already started.");
  const workspace = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const rules = reminderSettingsOf(workspace.settings);
  if (!rules.enabled) return skipped("Reminders are off for this workspace.");
  if (!rules.offsetsMinutes.includes(input.offsetMinutes)) return skipped("This reminder time is no longer in the workspace's settings.");
  const due = booking.startsAt.getTime() - input.offsetMinutes * 60_000;
  if (due - now > 60_000) return { runAt: new Date(due) };
  // Run so late (the booking moved nearer, or the worker was away) that it is nearer the next reminder's time than its own.
  const next = Math.max(...rules.offsetsMinutes.filter((o) => o < input.offsetMinutes));
  if (Number.isFinite(next) && now - due > ((input.offsetMinutes - next) * 60_000) / 2) {
    return skipped("The booking is so near that a closer reminder takes this one's place.");
  }
  if (!booking.lead) return skipped("The booking has no lead.");
  if (await remindedByGoHighLevel(ctx, booking.id)) return skipped("GoHighLevel sends the reminders of this booking (the GoHighLevel connection's setting).");
  const words = describeBooking(ctx, booking, booking.lead);
  const outcome = await sendToLead(ctx, booking, booking.lead, {
    subject: `Reminder: ${words.when}`,
    text: `Reminder: your booking with ${words.withWhom} is ${words.whenWithZone}.\n\nTo cancel or pick another time: ${words.manageUrl}`,
    idempotencyKey: `booking:${booking.id}:reminder:${input.offsetMinutes}:${booking.startsAt.getTime()}`,
    notAfter: booking.startsAt,
    calendarInvite: null,
  });
  if (outcome.outcome === "skipped") ctx.log.info({ bookingId: booking.id, offsetMinutes: input.offsetMinutes, reason: outcome.reason }, "booking reminder skipped");
  return outcome;
}

/** The reminders of a booking as it is now: every kept job of it removed, then one delayed job per future reminder. */
export async function replaceBookingReminders(ctx: WorkspaceContext, booking: { id: number; startsAt: Date; status: string }) {
  const workspace = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const rules = reminderSettingsOf(workspace.settings);
  await removeBookingReminders(booking.id, [...new Set([...rules.offsetsMinutes, ...DEFAULT_BOOKING_REMINDERS.offsetsMinutes])]);
  if (!rules.enabled || !isActive(booking.status)) return [];
  const scheduled: { offsetMinutes: number; at: Date }[] = [];
  for (const offsetMinutes of rules.offsetsMinutes) {
    const at = new Date(booking.startsAt.getTime() - offsetMinutes * 60_000);
    const delay = at.getTime() - Date.now();
    if (delay <= 0) continue;
    await enqueue(sendBookingReminderJob, { subAccountId: ctx.workspace.id, bookingId: booking.id, offsetMinutes }, { delay });
    scheduled.push({ offsetMinutes, at });
  }
  return scheduled;
}

/** Removal may fail for a job running right now; that job reads the booking and decides for itself. */
async function removeBookingReminders(bookingId: number, offsets: readonly number[]) {
  await withQueue("messaging", async (queue) => {
    for (const offset of offsets) await queue.remove(bookingReminderJobId(bookingId, offset));
  });
}

/**
 * The lead's channel: SMS when they have a usable phone, have not opted out and the workspace can text (a number of
 * its own, or the platform's on a Twilio account); else email to an address that is not suppressed. Null, with the
 * usual words of each refusal, when neither.
 */
export async function leadChannelOf(ctx: WorkspaceContext, lead: Lead): Promise<{ channel: "sms" | "email" } | { channel: null; reason: string }> {
  if (lead.archivedAt) return { channel: null, reason: "The lead is archived." };
  const reasons: string[] = [];
  const usable = (channel: "sms" | "email") => {
    try {
      return recipientOf(lead, channel);
    } catch (e) {
      if (!(e instanceof DeliveryError)) throw e;
      reasons.push(e.message);
      return null;
    }
  };
  if (usable("sms")) {
    if (lead.smsOptedOutAt) reasons.push(optedOutError(lead.smsOptedOutAt).message);
    else if (!(await workspaceCanText(ctx))) reasons.push("Text messages are not set up for this workspace.");
    else return { channel: "sms" };
  }
  const email = usable("email");
  if (email) {
    const suppressed = await ctx.db.emailSuppression.findFirst({ where: { email: email.toLowerCase() }, select: { reason: true } });
    if (!suppressed) return { channel: "email" };
    reasons.push(suppressionMessage(suppressed.reason));
  }
  return { channel: null, reason: reasons.join(" ") };
}

async function workspaceCanText(ctx: WorkspaceContext): Promise<boolean> {
  if ((await ctx.db.smsNumber.count()) > 0) return true;
  const channel = await smsChannelOf(ctx.workspace.id);
  return channel.source !== "local" && Boolean(getEnv().TWILIO_PHONE_NUMBER);
}

interface BookingWords {
  when: string;
  whenWithZone: string;
  withWhom: string;
  title: string;
  manageUrl: string;
}

/** The booking as the lead reads it: on their clock (else the zone it was booked in), the zone named. */
function describeBooking(ctx: WorkspaceContext, booking: BookingForMessages, lead: Lead): BookingWords {
  const zone = zoneForLead(lead.timezone, booking.timezone);
  // Plain spaces and a hyphen instead of Intl's thin spaces and en dash: an SMS stays in GSM-7 (160 characters a part).
  const when = formatTimeRange(booking.startsAt, booking.endsAt, zone).replace(/[\u2009\u202f]/g, " ").replace(/ ?\u2013 ?/g, " - ");
  return {
    when,
    whenWithZone: `${when} (${zoneDisplayName(zone)} time)`,
    withWhom: `${booking.user.name} at ${ctx.workspace.name}`,
    title: booking.title ?? `Meeting with ${booking.user.name}`,
    manageUrl: bookingManageUrl(ctx.workspace.id, booking),
  };
}

function calendarInviteOf(ctx: WorkspaceContext, booking: BookingForMessages, lead: Lead, method: "REQUEST" | "CANCEL", words: BookingWords): CalendarInvite {
  return {
    workspaceId: ctx.workspace.id,
    bookingId: booking.id,
    sequence: booking.sequence,
    method,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    title: `${words.title} (${ctx.workspace.name})`,
    description: `With ${words.withWhom}. To cancel or pick another time: ${words.manageUrl}`,
    location: booking.location,
    organizerName: ctx.workspace.name,
    attendeeName: lead.name,
  };
}

async function sendToLead(
  ctx: WorkspaceContext,
  booking: BookingForMessages,
  lead: Lead,
  message: { subject: string; text: string; idempotencyKey: string; notAfter: Date | null; calendarInvite: CalendarInvite | null },
): Promise<BookingMessageOutcome> {
  const choice = await leadChannelOf(ctx, lead);
  if (choice.channel === null) return skipped(choice.reason || "The lead has no phone or email address.");
  if (choice.channel === "sms") {
    const sendAt = await allowedSendTime(ctx, lead, "booking", false);
    if (sendAt && message.notAfter && sendAt.getTime() >= message.notAfter.getTime()) {
      return skipped("The lead's quiet hours end after the booking starts.");
    }
    const queued = await queueLeadSms(ctx, { leadId: lead.id, body: message.text, origin: "booking", idempotencyKey: message.idempotencyKey });
    return { outcome: "queued", channel: "sms", messageId: String(queued.message.id), scheduledFor: queued.scheduledFor };
  }
  const queued = await queueLeadEmail(ctx, {
    leadId: lead.id,
    subject: message.subject,
    body: message.text,
    idempotencyKey: message.idempotencyKey,
    ...(message.calendarInvite ? { calendarInvite: message.calendarInvite as unknown as Prisma.InputJsonValue } : {}),
  });
  ctx.log.info({ bookingId: booking.id, messageId: String(queued.id) }, "booking email queued");
  return { outcome: "queued", channel: "email", messageId: String(queued.id), scheduledFor: null };
}
