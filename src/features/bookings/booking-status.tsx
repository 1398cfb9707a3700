import type { z } from "zod";

import type { bookingStatusSchema } from "@/schemas/bookings";
import { Badge } from "@/components/ui/badge";
import type { CalendarBooking } from "./week-calendar";

export type BookingStatusValue = z.infer<typeof bookingStatusSchema>;

export const BOOKING_STATUS_LABELS: Record<BookingStatusValue, string> = {
  pending: "Pending",
  confirmed: "Confirmed",
  cancelled: "Cancelled",
  completed: "Completed",
  no_show: "No-show",
};

const VARIANTS: Record<BookingStatusValue, "default" | "secondary" | "success" | "destructive" | "outline"> = {
  pending: "outline",
  confirmed: "default",
  cancelled: "secondary",
  completed: "success",
  no_show: "destructive",
};

export function BookingStatusBadge({ status }: { status: BookingStatusValue }) {
  return <Badge variant={VARIANTS[status]}>{BOOKING_STATUS_LABELS[status]}</Badge>;
}

export const CALENDAR_TONES: Record<BookingStatusValue, CalendarBooking["tone"]> = {
  pending: "pending",
  confirmed: "confirmed",
  completed: "done",
  no_show: "cancelled",
  cancelled: "cancelled",
};

/** A booking is still ahead of everyone while pending or confirmed. */
export const isActiveBooking = (status: BookingStatusValue) => status === "pending" || status === "confirmed";
