import { bookingIdSchema, bookingReminderSettingsSchema, bookingWeekSchema, createBookingSchema, listBookingsSchema, rescheduleBookingSchema } from "@/schemas/bookings";
import { createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { bookingsWeek, listBookings } from "@/server/services/bookings/list-bookings";
import { changeBookingStatus } from "@/server/services/bookings/change-booking-status";
import { createBooking } from "@/server/services/bookings/create-booking";
import { rescheduleBooking } from "@/server/services/bookings/reschedule-booking";
import { getReminderSettings, updateReminderSettings } from "@/server/services/bookings/reminder-settings";

// Every member sees the team's calendar (list, week). Booking, rescheduling and status changes: on one's own
// calendar, or on anyone's for a manager (checked in the services).
export const bookingsRouter = createTRPCRouter({
  list: workspaceProcedure.input(listBookingsSchema).query(({ ctx, input }) => listBookings(ctx, input)),
  week: workspaceProcedure.input(bookingWeekSchema).query(({ ctx, input }) => bookingsWeek(ctx, input)),
  create: workspaceProcedure.input(createBookingSchema).mutation(({ ctx, input }) => createBooking(ctx, input)),
  reschedule: workspaceProcedure.input(rescheduleBookingSchema).mutation(({ ctx, input }) => rescheduleBooking(ctx, input)),
  confirm: workspaceProcedure.input(bookingIdSchema).mutation(({ ctx, input }) => changeBookingStatus(ctx, input.id, "confirm")),
  cancel: workspaceProcedure.input(bookingIdSchema).mutation(({ ctx, input }) => changeBookingStatus(ctx, input.id, "cancel")),
  complete: workspaceProcedure.input(bookingIdSchema).mutation(({ ctx, input }) => changeBookingStatus(ctx, input.id, "complete")),
  noShow: workspaceProcedure.input(bookingIdSchema).mutation(({ ctx, input }) => changeBookingStatus(ctx, input.id, "noShow")),
  // Confirmations always go out; reminders (on/off and when) are the workspace's, set by its admins.
  reminderSettings: workspaceProcedure.query(({ ctx }) => getReminderSettings(ctx)),
  updateReminderSettings: workspaceProcedure.meta({ role: "admin" }).input(bookingReminderSettingsSchema).mutation(({ ctx, input }) => updateReminderSettings(ctx, input)),
});
