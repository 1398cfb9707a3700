"use client";

import { useState } from "react";
import Link from "next/link";
import { format } from "date-fns";
import { useQuery } from "@tanstack/react-query";
import { ChevronLeftIcon, ChevronRightIcon, CircleCheckIcon, UserRoundIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { MemberSelect } from "@/features/crm/member-select";
import { BookSlotDialog, type ChosenLead } from "./book-slot-dialog";
import { BookingDetailDialog, type Booking } from "./booking-detail-dialog";
import { CALENDAR_TONES } from "./booking-status";
import { formatSlot, zoneAbbreviation, zoneDisplayName } from "@/lib/time";
import { formatWeekRange, shiftWeeks, weekStartOf } from "./calendar-time";
import { WeekCalendar, type CalendarSlot } from "./week-calendar";

/**
 * The week calendar of one member in the viewer's zone: their bookings and their free slots. A free slot opens
 * "Book" (with `presetLead` already chosen when coming from a lead); a booking opens its details.
 */
export function BookingsCalendar({
  zone,
  hostId,
  onHostChange,
  presetLead,
  onPresetLeadDone,
}: {
  zone: string;
  hostId: number | null;
  onHostChange: (hostId: number) => void;
  presetLead: ChosenLead | null;
  onPresetLeadDone: () => void;
}) {
  const trpc = useTRPC();
  const [weekStart, setWeekStart] = useState(() => weekStartOf(new Date(), zone));
  const [chosenSlot, setChosenSlot] = useState<CalendarSlot | null>(null);
  const [openBookingId, setOpenBookingId] = useState<number | null>(null);
  const [justBooked, setJustBooked] = useState<{ message: string; lead: ChosenLead | null }>();
  const members = useQuery(trpc.users.list.queryOptions({ limit: 100, includeInactive: false }));
  const host = members.data?.items.find((member) => member.id === hostId) ?? null;

  const weekKey = format(weekStart, "yyyy-MM-dd");
  const enabled = hostId !== null;
  const week = useQuery({
    ...trpc.bookings.week.queryOptions({ weekStart: weekKey, timezone: zone, userId: hostId ?? undefined }),
    enabled,
  });
  const slots = useQuery({
    ...trpc.availability.slots.queryOptions({
      userId: hostId ?? 0,
      timezone: zone,
      from: week.data?.from ?? weekStart,
      to: week.data?.to ?? shiftWeeks(weekStart, 1),
    }),
    enabled: enabled && week.isSuccess,
  });

  const bookings: Booking[] = week.data?.days.flatMap((day) => day.bookings) ?? [];
  const openBooking = bookings.find((booking) => booking.id === openBookingId) ?? null;
  const freeSlots = (slots.data?.slots ?? []).map((slot) => ({ start: slot.startsAt, end: slot.endsAt }));

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="outline" size="icon" aria-label="Previous week" onClick={() => setWeekStart((w) => shiftWeeks(w, -1))}>
            <ChevronLeftIcon aria-hidden="true" />
          </Button>
          <Button variant="outline" onClick={() => setWeekStart(weekStartOf(new Date(), zone))}>
            This week
          </Button>
          <Button variant="outline" size="icon" aria-label="Next week" onClick={() => setWeekStart((w) => shiftWeeks(w, 1))}>
            <ChevronRightIcon aria-hidden="true" />
          </Button>
          <h2 className="ml-2 text-base font-semibold" aria-live="polite" data-testid="calendar-week">
            {formatWeekRange(weekStart, zone)}
          </h2>
        </div>
        <div className="grid w-56 gap-2">
          <Label htmlFor="calendar-host">Team member</Label>
          <MemberSelect id="calendar-host" value={hostId ? String(hostId) : ""} onValueChange={(next) => onHostChange(Number(next))} />
        </div>
      </div>
      <p className="text-xs text-muted-foreground" data-testid="calendar-zone">
        Times in {zoneDisplayName(zone)} ({zoneAbbreviation(weekStart, zone)}). Dashed green blocks are free slots{host ? ` of ${host.name}` : ""}; choose one to book it.
      </p>

      {presetLead ? (
        <Alert variant="info">
          <UserRoundIcon aria-hidden="true" />
          <AlertDescription className="flex flex-wrap items-center justify-between gap-2">
            <span>
              Booking a meeting with <strong>{presetLead.name}</strong>: choose a free slot.
            </span>
            <Button variant="ghost" size="sm" onClick={onPresetLeadDone}>
              Book without this lead
            </Button>
          </AlertDescription>
        </Alert>
      ) : null}
      {justBooked ? (
        <Alert variant="success">
          <CircleCheckIcon aria-hidden="true" />
          <AlertDescription className="flex flex-wrap items-center gap-2">
            {justBooked.message}
            {justBooked.lead ? (
              <Link href={`/leads/${justBooked.lead.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                Back to {justBooked.lead.name}
              </Link>
            ) : null}
          </AlertDescription>
        </Alert>
      ) : null}

      {hostId === null ? (
        <p className="rounded-xl border border-dashed bg-card px-6 py-10 text-center text-sm text-muted-foreground">
          Choose a team member to see their calendar.
        </p>
      ) : week.isPending ? (
        <Skeleton className="h-[32rem] w-full" role="status" aria-label="Loading the week" />
      ) : week.isError ? (
        <QueryError what="This week's bookings" error={week.error} />
      ) : (
        <>
          {slots.isError ? <QueryError what="The free slots" error={slots.error} /> : null}
          <WeekCalendar
            weekStart={weekStart}
            zone={zone}
            bookings={bookings.map((booking) => ({
              id: booking.id,
              startsAt: booking.startsAt,
              endsAt: booking.endsAt,
              title: booking.title ?? "Meeting",
              detail: booking.lead?.name,
              tone: CALENDAR_TONES[booking.status],
            }))}
            slots={freeSlots}
            onSelectSlot={host ? setChosenSlot : undefined}
            onSelectBooking={(booking) => setOpenBookingId(booking.id)}
          />
          {slots.isSuccess && freeSlots.length === 0 ? (
            <p className="text-sm text-muted-foreground">{host?.name ?? "This member"} has no free slots this week.</p>
          ) : null}
        </>
      )}

      {host ? (
        <BookSlotDialog
          slot={chosenSlot}
          host={{ id: host.id, name: host.name }}
          zone={zone}
          presetLead={presetLead}
          onOpenChange={(open) => (open ? undefined : setChosenSlot(null))}
          onBooked={() => {
            setJustBooked({
              message: `Booked ${chosenSlot ? formatSlot(chosenSlot.start, zone) : ""} with ${host.name}.`,
              lead: presetLead,
            });
            setChosenSlot(null);
            onPresetLeadDone();
          }}
        />
      ) : null}
      <BookingDetailDialog booking={openBooking} zone={zone} onOpenChange={(open) => (open ? undefined : setOpenBookingId(null))} />
    </div>
  );
}
