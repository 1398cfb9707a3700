"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { Skeleton } from "@/components/ui/skeleton";
import { LeadClock, useViewerTime } from "@/features/crm/viewer-zone";
import { BookingStatusBadge } from "./booking-status";

/** The bookings of one lead, in time order (the first 50). */
export function LeadBookings({ leadId }: { leadId: number }) {
  const trpc = useTRPC();
  const bookings = useQuery(trpc.bookings.list.queryOptions({ leadId, limit: 50 }));
  const time = useViewerTime();

  if (bookings.isPending) return <Skeleton className="h-16 w-full" />;
  if (bookings.isError) return <QueryError what="The bookings" error={bookings.error} />;
  if (bookings.data.items.length === 0) return <p className="text-sm text-muted-foreground">No bookings yet.</p>;

  return (
    <ul className="grid gap-2" aria-label="Bookings of this lead" data-testid="lead-bookings">
      {bookings.data.items.map((booking) => (
        <li key={booking.id} className="flex flex-wrap items-center justify-between gap-2 rounded-lg border px-3 py-2">
          <div className="grid gap-0.5">
            <span className="text-sm font-medium">{booking.title ?? "Meeting"}</span>
            <span className="text-xs text-muted-foreground">
              <time dateTime={booking.startsAt.toISOString()} data-testid="booking-when">
                {time.range(booking.startsAt, booking.endsAt)}
              </time>
              <LeadClock value={booking.startsAt} leadZone={booking.lead?.timezone} /> · with {booking.user.name}
            </span>
          </div>
          <BookingStatusBadge status={booking.status} />
        </li>
      ))}
    </ul>
  );
}
