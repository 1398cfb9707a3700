import type { CreateBookingInput } from "@/schemas/bookings";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { emitBookingCreated } from "@/server/events/emit";
import { assertBookable, assertLead, bookingFields, calendarUserForBooking, translateWriteError, withinBookingTurn } from "./booking-writes";

export async function createBooking(ctx: WorkspaceContext, input: CreateBookingInput) {
  const user = await calendarUserForBooking(ctx, input.userId);
  return insertBooking(ctx, user, input, false);
}

/**
 * The AI receptionist books its lead into a member's calendar. No member acts, so the caller-role check of
 * createBooking does not apply; the member must be active, and the free-slot rule and the overlap constraint hold.
 */
export async function createBookingForLead(ctx: WorkspaceContext, input: CreateBookingInput & { leadId: number }) {
  const user = await ctx.db.user.findUnique({ where: { id: input.userId }, select: { id: true, name: true, timezone: true, isActive: true } });
  if (!user?.isActive) throw AppError.field("userId", "That member cannot take bookings.");
  return insertBooking(ctx, user, input, true);
}

async function insertBooking(ctx: WorkspaceContext, user: { id: number; name: string; timezone: string; isActive: boolean }, input: CreateBookingInput, bookedByAi: boolean) {
  await assertLead(ctx, input.leadId);
  const booking = await withinBookingTurn(ctx, user, async (turn, tx) => {
    const endsAt = await assertBookable(turn, user, input.startsAt, input.endsAt);
    const created = await turn.db.booking
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
          bookedByAi,
        },
        select: bookingFields,
      })
      .catch(translateWriteError);
    await emitBookingCreated(tx, ctx.workspace.id, created.id);
    return created;
  });
  await auditInWorkspace(ctx, {
    action: "booking.created",
    targetType: "Booking",
    targetId: booking.id,
    changes: { userId: user.id, leadId: booking.leadId, startsAt: booking.startsAt.toISOString(), endsAt: booking.endsAt.toISOString() },
  });
  return booking;
}
