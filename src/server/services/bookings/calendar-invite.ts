import { createEvent } from "ics";
import { z } from "zod";
import { getEnv } from "@/env";
import type { EmailAttachment } from "@/server/integrations/messaging";

/**
 * A booking's calendar invite as it was when its email was written (kept on the Message, `calendarInvite`), so the
 * attachment a retried send makes is the same one, whatever happened to the booking since.
 */
export const calendarInviteSchema = z.object({
  workspaceId: z.number().int(),
  bookingId: z.number().int(),
  sequence: z.number().int().min(0),
  method: z.enum(["REQUEST", "CANCEL"]),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  title: z.string(),
  description: z.string(),
  location: z.string().nullable(),
  organizerName: z.string(),
  attendeeName: z.string(),
});
export type CalendarInvite = z.infer<typeof calendarInviteSchema>;

/** One UID per booking for its whole life: calendars replace the event on a newer SEQUENCE and drop it on CANCEL. */
export function bookingUid(workspaceId: number, bookingId: number): string {
  return `booking-${workspaceId}-${bookingId}@${new URL(getEnv().publicUrl).hostname}`;
}

const addressOf = (from: string) => /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;

/**
 * The `.ics` (RFC 5545, iTIP method REQUEST or CANCEL) made with the `ics` library: times in UTC, so the event is
 * right in every calendar and across DST changes; the organizer is the workspace's sender, the attendee the lead.
 */
export function calendarInviteAttachment(stored: unknown, people: { from: string; to: string }): EmailAttachment {
  const invite = calendarInviteSchema.parse(stored);
  const cancelled = invite.method === "CANCEL";
  const { error, value } = createEvent({
    productId: "-//Loctelli//Bookings//EN",
    method: invite.method,
    uid: bookingUid(invite.workspaceId, invite.bookingId),
    sequence: invite.sequence,
    start: new Date(invite.startsAt).getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: new Date(invite.endsAt).getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: invite.title,
    description: invite.description,
    ...(invite.location ? { location: invite.location } : {}),
    status: cancelled ? "CANCELLED" : "CONFIRMED",
    busyStatus: "BUSY",
    organizer: { name: invite.organizerName, email: addressOf(people.from) },
    attendees: [{ name: invite.attendeeName, email: people.to, rsvp: false, partstat: "ACCEPTED", role: "REQ-PARTICIPANT" }],
  });
  if (error || !value) throw new Error(`The calendar invite could not be made: ${error?.message ?? "no output"}`);
  return {
    name: cancelled ? "cancelled.ics" : "invite.ics",
    contentType: `text/calendar; charset=utf-8; method=${invite.method}`,
    content: value,
  };
}
