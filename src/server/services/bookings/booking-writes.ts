import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { actingUserId, hasWorkspaceRole } from "@/server/services/availability/access";
import { freeSlotsOf } from "@/server/services/availability/free-slots";
import { loadSlotRules } from "@/server/services/availability/schedule-rules";
import type { TenantDb, TenantTransaction } from "@/server/db/tenant";
import { transactionWithEvents } from "@/server/events/record-event";
import { formatLocal } from "@/server/services/availability/wall-clock";
import { isExclusionViolation, isForeignKeyViolation } from "@/server/db/errors";

const MINUTE = 60_000;

const DAY = 86_400_000;

export const bookingFields = {
  id: true,
  userId: true,
  leadId: true,
  title: true,
  startsAt: true,
  endsAt: true,
  timezone: true,
  status: true,
  sequence: true,
  location: true,
  notes: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, name: true } },
  // The lead's zone: screens show its clock beside the viewer's.
  lead: { select: { id: true, name: true, timezone: true } },
} as const satisfies Prisma.BookingSelect;

export const TAKEN_MESSAGE = "That time was just booked";

const conflict = () => new AppError("CONFLICT", TAKEN_MESSAGE, { fieldErrors: { startsAt: [`${TAKEN_MESSAGE}. Choose another time.`] } });

export async function calendarUserForBooking(ctx: WorkspaceContext, userId: number) {
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, timezone: true, isActive: true } });
  if (!user) throw AppError.field("userId", "No such member in this workspace.");
  if (!user.isActive) throw AppError.field("userId", `${user.name} is deactivated and cannot take bookings.`);
  if (user.id !== actingUserId(ctx) && !hasWorkspaceRole(ctx, "manager")) {
    throw AppError.field("userId", "You can book only into your own calendar; a manager can book for others.");
  }
  return user;
}

/**
 * The rule a booking's time follows: it is made of one or more consecutive free slots of the user, so it starts at a
 * slot start and lasts a whole number of slots (default: one). Free means inside working hours or a date override,
 * outside other active bookings and their buffers, after the minimum notice, under the daily maximum.
 */
export async function assertBookable(
  ctx: WorkspaceContext,
  user: { id: number; name: string; timezone: string; isActive: boolean },
  startsAt: Date,
  endsAt: Date | undefined,
  ignoreBookingId?: number,
) {
  const now = new Date();
  if (startsAt.getTime() <= now.getTime()) throw AppError.field("startsAt", "That time has already passed.");
  const range = { from: new Date(startsAt.getTime() - DAY), to: new Date((endsAt ?? startsAt).getTime() + DAY), timezone: "UTC" };
  const { rules, slots } = await freeSlotsOf(ctx, user, range, { ignoreBookingId, now });
  const slotMs = rules.slotMinutes * MINUTE;
  const end = endsAt ?? new Date(startsAt.getTime() + slotMs);
  const length = end.getTime() - startsAt.getTime();
  if (length % slotMs !== 0) {
    throw AppError.field("endsAt", `A booking with ${user.name} lasts a whole number of ${rules.slotMinutes}-minute slots.`);
  }
  const free = new Set(slots.map((s) => s.startsAt.getTime()));
  for (let t = startsAt.getTime(); t < end.getTime(); t += slotMs) {
    if (!free.has(t)) {
      if (rules.maxPerDay !== null) await assertUnderDailyMaximum(ctx, user, range, { ignoreBookingId, now }, startsAt, end, rules);
      throw AppError.field(
        "startsAt",
        `${formatLocal(t, rules.timezone).replace("T", " ")} (${rules.timezone}) is not a free slot in ${user.name}'s availability.`,
      );
    }
  }
  return end;
}

/**
 * Called when a time is not free and the member has a daily maximum: when the time would be free without it, the
 * refusal names the limit instead of calling the time "not a free slot".
 */
async function assertUnderDailyMaximum(
  ctx: WorkspaceContext,
  user: { id: number; name: string; timezone: string; isActive: boolean },
  range: { from: Date; to: Date; timezone: string },
  options: { ignoreBookingId?: number; now: Date },
  startsAt: Date,
  end: Date,
  rules: { maxPerDay: number | null; slotMinutes: number; timezone: string },
) {
  const { slots } = await freeSlotsOf(ctx, user, range, { ...options, ignoreDailyMaximum: true });
  const free = new Set(slots.map((s) => s.startsAt.getTime()));
  for (let t = startsAt.getTime(); t < end.getTime(); t += rules.slotMinutes * MINUTE) if (!free.has(t)) return;
  const day = formatLocal(startsAt.getTime(), rules.timezone).slice(0, 10);
  const bookings = rules.maxPerDay === 1 ? "1 booking" : `${rules.maxPerDay} bookings`;
  throw AppError.field(
    "startsAt",
    `${user.name} already has ${bookings} on ${day} (${rules.timezone}), the daily maximum. Choose another day.`,
  );
}

export async function assertLead(ctx: WorkspaceContext, leadId: number | null | undefined) {
  if (!leadId) return;
  const lead = await ctx.db.lead.findUnique({ where: { id: leadId }, select: { id: true } });
  if (!lead) throw AppError.field("leadId", "No such lead in this workspace.");
}

/**
 * Overlaps are refused by the database (the exclusion constraint). A daily maximum is not a constraint the
 * database can hold, so when the member has one, the check and the write run in one transaction that first
 * locks the member's row: concurrent bookings of that member then take turns and cannot exceed it together.
 * Every read of that turn runs on the transaction's own connection, so waiting bookings cannot starve the pool.
 * Without a maximum the write still runs in a transaction (no lock), so its domain event commits with it; the event
 * fan-out is queued after commit.
 */
export async function withinBookingTurn<T>(
  ctx: WorkspaceContext,
  user: { id: number; timezone: string },
  write: (turnCtx: WorkspaceContext, tx: TenantTransaction) => Promise<T>,
): Promise<T> {
  const { maxPerDay } = await loadSlotRules(ctx, user);
  return transactionWithEvents(
    ctx.db,
    async (tx) => {
      // Prisma has no SELECT ... FOR UPDATE: an update of the row takes the same row lock until commit.
      if (maxPerDay !== null) await tx.user.update({ where: { id: user.id }, data: { updatedAt: new Date() }, select: { id: true } });
      return write({ ...ctx, db: tx as unknown as TenantDb }, tx);
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

export function translateWriteError(error: unknown): never {
  if (isExclusionViolation(error)) throw conflict();
  if (isForeignKeyViolation(error)) throw AppError.field("leadId", "The member or lead no longer exists in this workspace.");
  throw error;
}

/** A booking the caller may change: their own, or anyone's for a manager or admin. */
export async function changeableBooking(ctx: WorkspaceContext, id: number) {
  const booking = await ctx.db.booking.findUnique({ where: { id }, select: bookingFields });
  if (!booking) throw new AppError("NOT_FOUND", "No such booking in this workspace.");
  if (booking.userId !== actingUserId(ctx) && !hasWorkspaceRole(ctx, "manager")) {
    throw new AppError("FORBIDDEN", "Only the person booked, or a manager, can change this booking.");
  }
  return booking;
}
