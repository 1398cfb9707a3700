import { z } from "zod";
import { dateOnlySchema, dateTimeSchema, idSchema, paginationSchema, text, wholeNumber } from "./common";
import { timeZoneSchema } from "./auth";
import { bookingSettingsSchema } from "./users";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

/** "HH:MM", 24-hour; "24:00" only as the end of an interval (midnight at the end of the day). */
const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const MAX_SLOT_RANGE_DAYS = 62;

/** Minutes since local midnight of a validated "HH:MM". */
export const minutesOfDay = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export type TimeInterval = [string, string];

/** Problems of one day's intervals, each naming the interval, or [] when they are valid. */
function intervalProblems(intervals: TimeInterval[], label: string): string[] {
  const problems: string[] = [];
  for (const [start, end] of intervals) {
    if (!TIME_OF_DAY.test(start) || start === "24:00") problems.push(`${label}: "${start}" is not a start time (use HH:MM, e.g. 09:00)`);
    else if (!TIME_OF_DAY.test(end)) problems.push(`${label}: "${end}" is not an end time (use HH:MM, e.g. 17:00, or 24:00)`);
    else if (start >= end) problems.push(`${label}: ${start}–${end} must start before it ends`);
  }
  if (problems.length) return problems;
  const sorted = [...intervals].sort((a, b) => a[0].localeCompare(b[0]));
  for (let i = 1; i < sorted.length; i++) {
    const [prev, cur] = [sorted[i - 1]!, sorted[i]!];
    if (cur[0] < prev[1]) problems.push(`${label}: ${prev[0]}–${prev[1]} overlaps ${cur[0]}–${cur[1]}`);
  }
  return problems;
}

const timeOfDay = text().max(5, "Use HH:MM, e.g. 09:00");
const intervalTuple = z.tuple([timeOfDay, timeOfDay]);
const intervalList = z.array(intervalTuple).max(12, "At most 12 intervals a day");

/** Working hours per weekday in the schedule's own timezone; a missing or empty day is a day off. */
export const weeklyHoursSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, intervalList.default([])])) as Record<Weekday, z.ZodDefault<typeof intervalList>>)
  .strict()
  .superRefine((week, ctx) => {
    for (const day of WEEKDAYS) {
      for (const message of intervalProblems(week[day] as TimeInterval[], WEEKDAY_NAMES[day])) ctx.addIssue({ code: "custom", message });
    }
  });
export type WeeklyHours = Record<Weekday, TimeInterval[]>;

// ───────────────────────── availability ─────────────────────────

export const getScheduleSchema = z.object({ userId: idSchema.optional() }).default({});

export const updateScheduleSchema = bookingSettingsSchema.partial().extend({
  userId: idSchema.optional(),
  timezone: timeZoneSchema,
  weeklyHours: weeklyHoursSchema,
});

export const listOverridesSchema = paginationSchema.extend({
  userId: idSchema.optional(),
  from: dateOnlySchema.optional(),
  to: dateOnlySchema.optional(),
});

export const setOverrideSchema = z
  .object({
    userId: idSchema.optional(),
    date: dateOnlySchema,
    isDayOff: z.boolean(),
    intervals: intervalList.default([]),
  })
  .superRefine((o, ctx) => {
    if (o.isDayOff && o.intervals.length) ctx.addIssue({ code: "custom", path: ["intervals"], message: "A day off has no hours" });
    if (!o.isDayOff && !o.intervals.length) {
      ctx.addIssue({ code: "custom", path: ["intervals"], message: "Give the hours for this date, or mark it as a day off" });
    }
    for (const message of intervalProblems(o.intervals as TimeInterval[], o.date)) ctx.addIssue({ code: "custom", path: ["intervals"], message });
  });

export const overrideIdSchema = z.object({ id: idSchema });

export const slotsSchema = z
  .object({
    userId: idSchema,
    from: dateTimeSchema,
    to: dateTimeSchema,
    timezone: timeZoneSchema,
  })
  .superRefine((r, ctx) => {
    if (r.to <= r.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end must be after the start" });
    else if (r.to.getTime() - r.from.getTime() > MAX_SLOT_RANGE_DAYS * 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `At most ${MAX_SLOT_RANGE_DAYS} days at a time` });
    }
  });

// ───────────────────────── bookings ─────────────────────────

export const bookingStatusSchema = z.enum(["pending", "confirmed", "cancelled", "completed", "no_show"]);

const optionalText = (max: number) => text().max(max, `At most ${max} characters`).optional();

const endsAfterStart = (b: { startsAt: Date; endsAt?: Date }, ctx: z.RefinementCtx) => {
  if (b.endsAt && b.endsAt <= b.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start" });
};

/** `endsAt` defaults to the start plus the user's slot length. */
export const createBookingSchema = z
  .object({
    userId: idSchema,
    leadId: idSchema.nullish(),
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema.optional(),
    timezone: timeZoneSchema,
    title: optionalText(200),
    notes: optionalText(5000),
    location: optionalText(500),
  })
  .superRefine(endsAfterStart);

export const rescheduleBookingSchema = z
  .object({
    id: idSchema,
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema.optional(),
    timezone: timeZoneSchema.optional(),
  })
  .superRefine(endsAfterStart);

export const bookingIdSchema = z.object({ id: idSchema });

export const listBookingsSchema = paginationSchema
  .extend({
    userId: idSchema.optional(),
    leadId: idSchema.optional(),
    status: z.array(bookingStatusSchema).min(1).max(bookingStatusSchema.options.length).optional(),
    from: dateTimeSchema.optional(),
    to: dateTimeSchema.optional(),
  })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: "The start must be before the end", path: ["to"] });

export const bookingWeekSchema = z.object({
  weekStart: dateOnlySchema,
  timezone: timeZoneSchema,
  userId: idSchema.optional(),
});

// ───────────────────────── confirmations and reminders ─────────────────────────

/** Minutes before a booking starts that a reminder goes out (at most a week; at least 5 minutes). */
export const reminderOffsetSchema = wholeNumber(5, 7 * 24 * 60, "A reminder's time before the booking");
export const MAX_REMINDERS = 3;

/** Per workspace: whether leads get reminders of their bookings, and when (24 hours and 1 hour before by default). */
export const bookingReminderSettingsSchema = z.object({
  enabled: z.boolean("Say whether reminders are on"),
  offsetsMinutes: z
    .array(reminderOffsetSchema)
    .min(1, "Choose at least one reminder time")
    .max(MAX_REMINDERS, `At most ${MAX_REMINDERS} reminders`)
    .refine((offsets) => new Set(offsets).size === offsets.length, "Each reminder time only once"),
});
export type BookingReminderSettings = z.infer<typeof bookingReminderSettingsSchema>;
export const DEFAULT_BOOKING_REMINDERS: BookingReminderSettings = { enabled: true, offsetsMinutes: [24 * 60, 60] };

/** The public manage page's forms (the signed link's token names the booking). */
export const manageBookingTokenSchema = text().min(1, "This link is incomplete").max(300, "This link is not valid");
export const manageBookingRescheduleSchema = z.object({ token: manageBookingTokenSchema, startsAt: dateTimeSchema });

export type CreateBookingInput = z.infer<typeof createBookingSchema>;
export type RescheduleBookingInput = z.infer<typeof rescheduleBookingSchema>;
export type ListBookingsInput = z.infer<typeof listBookingsSchema>;
export type BookingWeekInput = z.infer<typeof bookingWeekSchema>;
export type UpdateScheduleInput = z.infer<typeof updateScheduleSchema>;
export type SetOverrideInput = z.infer<typeof setOverrideSchema>;
export type ListOverridesInput = z.infer<typeof listOverridesSchema>;
export type SlotsInput = z.infer<typeof slotsSchema>;
