import type { BookingStatus } from "@/generated/prisma/client";
import { workspaceContextFor, type RequestContext, type WorkspaceContext } from "@/server/context";
import { tenantDb } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import { freeSlotsOf } from "@/server/services/availability/free-slots";
import { zoneForLead } from "@/server/services/sms/quiet-hours";
import { cancelBookingForLead } from "./change-booking-status";
import { readBookingManageToken } from "./manage-token";
import { rescheduleBookingForLead } from "./reschedule-booking";

/** How far ahead the manage page offers other times. */
export const RESCHEDULE_DAYS = 14;
const DAY = 86_400_000;

export interface ManagedBooking {
  workspaceName: string;
  memberName: string;
  title: string | null;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  /** The lead's zone (else the zone the booking was made in): the page shows every time on it, named. */
  zone: string;
  canChange: boolean;
}

type Opened = { ctx: WorkspaceContext; bookingId: number };

/**
 * The booking a signed link names, inside the workspace the link names (a booking of another workspace is not found).
 * A forged, malformed or expired link, a deleted booking or a deactivated workspace are refusals in words.
 */
async function open(base: RequestContext, token: string): Promise<Opened> {
  const read = readBookingManageToken(token);
  if (!read.ok) {
    throw read.reason === "expired"
      ? new AppError("FORBIDDEN", "This link has expired: the booking is over. Contact us if you need anything.")
      : new AppError("FORBIDDEN", "This link is not valid. Use the link in your most recent confirmation or reminder.");
  }
  const workspace = await tenantDb(read.workspaceId).subAccount.findFirst({ select: { id: true, name: true, isActive: true } });
  if (!workspace?.isActive) throw new AppError("NOT_FOUND", "This booking can no longer be managed online.");
  return { ctx: workspaceContextFor(base, workspace), bookingId: read.bookingId };
}

async function load({ ctx, bookingId }: Opened) {
  const booking = await ctx.db.booking.findUnique({
    where: { id: bookingId },
    select: {
      id: true,
      title: true,
      startsAt: true,
      endsAt: true,
      timezone: true,
      status: true,
      user: { select: { id: true, name: true, timezone: true, isActive: true } },
      lead: { select: { timezone: true } },
    },
  });
  if (!booking) throw new AppError("NOT_FOUND", "This booking no longer exists.");
  return booking;
}

export async function describeManagedBooking(base: RequestContext, token: string): Promise<ManagedBooking> {
  const opened = await open(base, token);
  const booking = await load(opened);
  return {
    workspaceName: opened.ctx.workspace.name,
    memberName: booking.user.name,
    title: booking.title,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    status: booking.status,
    zone: zoneForLead(booking.lead?.timezone ?? null, booking.timezone),
    canChange: (booking.status === "pending" || booking.status === "confirmed") && booking.startsAt.getTime() > Date.now(),
  };
}

/**
 * The times the lead may move to in the next two weeks: starts where the booking's whole length fits in the member's
 * free slots (the booking's own time does not block them), by the same rules staff reschedule with.
 */
export async function managedBookingSlots(base: RequestContext, token: string): Promise<{ startsAt: Date }[]> {
  const opened = await open(base, token);
  const booking = await load(opened);
  const now = new Date();
  const range = { from: now, to: new Date(now.getTime() + RESCHEDULE_DAYS * DAY), timezone: "UTC" };
  const { rules, slots } = await freeSlotsOf(opened.ctx, booking.user, range, { ignoreBookingId: booking.id, now });
  const slotMs = rules.slotMinutes * 60_000;
  const length = booking.endsAt.getTime() - booking.startsAt.getTime();
  const needed = length % slotMs === 0 ? length / slotMs : 1;
  const free = new Set(slots.map((s) => s.startsAt.getTime()));
  return slots
    .filter((s) => Array.from({ length: needed }, (_, i) => s.startsAt.getTime() + i * slotMs).every((t) => free.has(t)))
    .filter((s) => s.startsAt.getTime() !== booking.startsAt.getTime())
    .map((s) => ({ startsAt: s.startsAt }));
}

export async function cancelManagedBooking(base: RequestContext, input: { token: string }) {
  const opened = await open(base, input.token);
  await cancelBookingForLead(opened.ctx, opened.bookingId);
  return { cancelled: true as const };
}

/** The new time keeps the booking's length; the member's rules and the overlap constraint decide, as for staff. */
export async function rescheduleManagedBooking(base: RequestContext, input: { token: string; startsAt: Date }) {
  const opened = await open(base, input.token);
  const booking = await load(opened);
  const moved = await rescheduleBookingForLead(opened.ctx, {
    id: booking.id,
    startsAt: input.startsAt,
    endsAt: new Date(input.startsAt.getTime() + (booking.endsAt.getTime() - booking.startsAt.getTime())),
  });
  return { startsAt: moved.startsAt, endsAt: moved.endsAt };
}
