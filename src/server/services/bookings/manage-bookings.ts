import type { BookingStatus, Prisma } from "@/generated/prisma/client";
import type { BookingWeekInput, CreateBookingInput, ListBookingsInput, RescheduleBookingInput } from "@/schemas/bookings";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { actingUserId, hasWorkspaceRole } from "@/server/services/availability/access";
import { freeSlotsOf } from "@/server/services/availability/free-slots";
import { loadSlotRules } from "@/server/services/availability/manage-schedule";
import type { TenantDb } from "@/server/db/tenant";
import { addDays, dateKey, formatLocal, parseDateKey, ZonedDay } from "@/server/services/availability/wall-clock";
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
  location: true,
  notes: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, name: true } },
  lead: { select: { id: true, name: true } },
} as const satisfies Prisma.BookingSelect;

export const TAKEN_MESSAGE = "That time was just booked";


const conflict = () => new AppError("CONFLICT", TAKEN_MESSAGE, { fieldErrors: { startsAt: [`${TAKEN_MESSAGE}. Choose another time.`] } });

async function calendarUserForBooking(ctx: WorkspaceContext, userId: number) {
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
async function assertBookable(
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
      throw AppError.field(
        "startsAt",
        `${formatLocal(t, rules.timezone).replace("T", " ")} (${rules.timezone}) is not a free slot in ${user.name}'s availability.`,
      );
    }
  }
  return end;
}

async function assertLead(ctx: WorkspaceContext, leadId: number | null | undefined) {
  if (!leadId) return;
  const lead = await ctx.db.lead.findUnique({ where: { id: leadId }, select: { id: true } });
  if (!lead) throw AppError.field("leadId", "No such lead in this workspace.");
}

/**
 * Overlaps are refused by the database (the exclusion constraint). A daily maximum is not a constraint the
 * database can hold, so when the member has one, the check and the write run in one transaction that first
 * locks the member's row: concurrent bookings of that member then take turns and cannot exceed it together.
 * Every read of that turn runs on the transaction's own connection, so waiting bookings cannot starve the pool.
 */
async function withinBookingTurn<T>(
  ctx: WorkspaceContext,
  user: { id: number; timezone: string },
  write: (turnCtx: WorkspaceContext) => Promise<T>,
): Promise<T> {
  const { maxPerDay } = await loadSlotRules(ctx, user);
  if (maxPerDay === null) return write(ctx);
  return ctx.db.$transaction(
    async (tx) => {
      // Prisma has no SELECT ... FOR UPDATE: an update of the row takes the same row lock until commit.
      await tx.user.update({ where: { id: user.id }, data: { updatedAt: new Date() }, select: { id: true } });
      return write({ ...ctx, db: tx as unknown as TenantDb });
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

function translateWriteError(error: unknown): never {
  if (isExclusionViolation(error)) throw conflict();
  if (isForeignKeyViolation(error)) throw AppError.field("leadId", "The member or lead no longer exists in this workspace.");
  throw error;
}

export async function createBooking(ctx: WorkspaceContext, input: CreateBookingInput) {
  const user = await calendarUserForBooking(ctx, input.userId);
  return insertBooking(ctx, user, input);
}

/**
 * The AI receptionist books its lead into a member's calendar. No member acts, so the caller-role check of
 * createBooking does not apply; the member must be active, and the free-slot rule and the overlap constraint hold.
 */
export async function createBookingForLead(ctx: WorkspaceContext, input: CreateBookingInput & { leadId: number }) {
  const user = await ctx.db.user.findUnique({ where: { id: input.userId }, select: { id: true, name: true, timezone: true, isActive: true } });
  if (!user?.isActive) throw AppError.field("userId", "That member cannot take bookings.");
  return insertBooking(ctx, user, input);
}

async function insertBooking(ctx: WorkspaceContext, user: { id: number; name: string; timezone: string; isActive: boolean }, input: CreateBookingInput) {
  await assertLead(ctx, input.leadId);
  const booking = await withinBookingTurn(ctx, user, async (turn) => {
    const endsAt = await assertBookable(turn, user, input.startsAt, input.endsAt);
    return turn.db.booking
      .create({
        data: {
          subAccountId: ctx.workspace.id,
          userId: user.id,
          leadId: input.leadId ?? null,
          startsAt: input.startsAt,
          endsAt,
          timezone: input.timezone,
          title: input.title || null,
          notes: input.notes || null,
          location: input.location || null,
        },
        select: bookingFields,
      })
      .catch(translateWriteError);
  });
  await auditInWorkspace(ctx, {
    action: "booking.created",
    targetType: "Booking",
    targetId: booking.id,
    changes: { userId: user.id, leadId: booking.leadId, startsAt: booking.startsAt.toISOString(), endsAt: booking.endsAt.toISOString() },
  });
  return booking;
}

/** A booking the caller may change: their own, or anyone's for a manager or admin. */
async function changeableBooking(ctx: WorkspaceContext, id: number) {
  const booking = await ctx.db.booking.findUnique({ where: { id }, select: bookingFields });
  if (!booking) throw new AppError("NOT_FOUND", "No such booking in this workspace.");
  if (booking.userId !== actingUserId(ctx) && !hasWorkspaceRole(ctx, "manager")) {
    throw new AppError("FORBIDDEN", "Only the person booked, or a manager, can change this booking.");
  }
  return booking;
}

export async function rescheduleBooking(ctx: WorkspaceContext, input: RescheduleBookingInput) {
  const booking = await changeableBooking(ctx, input.id);
  if (booking.status !== "pending" && booking.status !== "confirmed") {
    throw new AppError("PRECONDITION_FAILED", `A ${booking.status.replace("_", "-")} booking cannot be rescheduled.`);
  }
  const user = await calendarUserForBooking(ctx, booking.userId);
  const { endsAt, updated } = await withinBookingTurn(ctx, user, async (turn) => {
    const end = await assertBookable(turn, user, input.startsAt, input.endsAt, booking.id);
    const rows = await turn.db.booking
      .updateManyAndReturn({
        where: { id: booking.id, status: { in: ["pending", "confirmed"] } },
        data: { startsAt: input.startsAt, endsAt: end, ...(input.timezone ? { timezone: input.timezone } : {}) },
        select: { id: true },
      })
      .catch(translateWriteError);
    return { endsAt: end, updated: rows };
  });
  if (!updated.length) throw new AppError("CONFLICT", "This booking changed meanwhile. Reload and try again.");
  await auditInWorkspace(ctx, {
    action: "booking.rescheduled",
    targetType: "Booking",
    targetId: booking.id,
    changes: { from: booking.startsAt.toISOString(), to: input.startsAt.toISOString(), endsAt: endsAt.toISOString() },
  });
  return ctx.db.booking.findUniqueOrThrow({ where: { id: booking.id }, select: bookingFields });
}

type StatusAction = "confirm" | "cancel" | "complete" | "noShow";
const TRANSITIONS: Record<StatusAction, { to: BookingStatus; from: BookingStatus[]; mustHaveStarted: boolean; verb: string }> = {
  confirm: { to: "confirmed", from: ["pending"], mustHaveStarted: false, verb: "confirmed" },
  cancel: { to: "cancelled", from: ["pending", "confirmed"], mustHaveStarted: false, verb: "cancelled" },
  complete: { to: "completed", from: ["pending", "confirmed"], mustHaveStarted: true, verb: "completed" },
  noShow: { to: "no_show", from: ["pending", "confirmed"], mustHaveStarted: true, verb: "marked as a no-show" },
};

/**
 * pending -> confirmed | cancelled | completed | no_show;  confirmed -> cancelled | completed | no_show;
 * cancelled, completed and no_show are final. Completed and no-show need the booking to have started.
 * The update is conditional on the current status, so two racing changes cannot both apply.
 */
export async function changeBookingStatus(ctx: WorkspaceContext, id: number, action: StatusAction) {
  const rule = TRANSITIONS[action];
  const booking = await changeableBooking(ctx, id);
  const refuse = (status: BookingStatus) =>
    new AppError("PRECONDITION_FAILED", `A ${status.replace("_", "-")} booking cannot be ${rule.verb}.`);
  if (!rule.from.includes(booking.status)) throw refuse(booking.status);
  if (rule.mustHaveStarted && booking.startsAt.getTime() > Date.now()) {
    throw new AppError("PRECONDITION_FAILED", `A booking cannot be ${rule.verb} before it starts.`);
  }
  const { count } = await ctx.db.booking.updateMany({ where: { id, status: { in: rule.from } }, data: { status: rule.to } });
  if (count === 0) {
    const now = await ctx.db.booking.findUniqueOrThrow({ where: { id }, select: { status: true } });
    throw refuse(now.status);
  }
  await auditInWorkspace(ctx, { action: `booking.${rule.to}`, targetType: "Booking", targetId: id, changes: { from: booking.status, to: rule.to } });
  return ctx.db.booking.findUniqueOrThrow({ where: { id }, select: bookingFields });
}

/** Bookings by start time (then id), oldest first; `cursor` is the id of the last booking of the previous page. */
export async function listBookings(ctx: WorkspaceContext, input: ListBookingsInput) {
  const filters: Prisma.BookingWhereInput = {
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.leadId ? { leadId: input.leadId } : {}),
    ...(input.status ? { status: { in: input.status } } : {}),
    ...(input.from ? { endsAt: { gt: input.from } } : {}),
    ...(input.to ? { startsAt: { lt: input.to } } : {}),
  };
  const after = input.cursor
    ? await ctx.db.booking.findUnique({ where: { id: input.cursor }, select: { id: true, startsAt: true } })
    : null;
  const rows = await ctx.db.booking.findMany({
    where: after
      ? { AND: [filters, { OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] }] }
      : filters,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: bookingFields,
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

const WEEK_LIMIT = 500;

/**
 * Seven local days from `weekStart` in `timezone`, each with the bookings starting on it (any status; the UI greys
 * out cancelled ones). `from`/`to` are the week's instants, ready for availability.slots.
 */
export async function bookingsWeek(ctx: WorkspaceContext, input: BookingWeekInput) {
  const first = parseDateKey(input.weekStart);
  const dayStarts = Array.from({ length: 8 }, (_, i) => new ZonedDay(addDays(first, i), input.timezone).start());
  const from = new Date(dayStarts[0]!);
  const to = new Date(dayStarts[7]!);
  const rows = await ctx.db.booking.findMany({
    where: { ...(input.userId ? { userId: input.userId } : {}), startsAt: { gte: from, lt: to } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: WEEK_LIMIT,
    select: bookingFields,
  });
  const days = dayStarts.slice(0, 7).map((start, i) => ({
    date: dateKey(addDays(first, i)),
    bookings: rows
      .filter((b) => b.startsAt.getTime() >= start && b.startsAt.getTime() < dayStarts[i + 1]!)
      .map((b) => ({ ...b, localStart: formatLocal(b.startsAt.getTime(), input.timezone), localEnd: formatLocal(b.endsAt.getTime(), input.timezone) })),
  }));
  return { weekStart: input.weekStart, timezone: input.timezone, from, to, days, truncated: rows.length === WEEK_LIMIT };
}
