"use client";

import { useState } from "react";
import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { FilterIcon } from "lucide-react";

import type { ListBookingsInput } from "@/schemas/bookings";
import { useTRPC } from "@/trpc/react";
import { LoadMore } from "@/components/data/load-more";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatTimeRange, parseZonedInput } from "@/lib/time";
import { LeadClock } from "@/features/crm/viewer-zone";
import { MemberSelect } from "@/features/crm/member-select";
import { BookingDetailDialog, type Booking } from "./booking-detail-dialog";
import { BOOKING_STATUS_LABELS, BookingStatusBadge, type BookingStatusValue } from "./booking-status";

const COLUMNS = 5;
const ALL = "all";
const UPCOMING = "upcoming";

interface Filters {
  status: string;
  host: string;
  from: string;
  to: string;
}

function toInput(filters: Filters, zone: string): Pick<ListBookingsInput, "status" | "userId" | "from" | "to"> {
  return {
    status:
      filters.status === ALL
        ? undefined
        : filters.status === UPCOMING
          ? ["pending", "confirmed"]
          : [filters.status as BookingStatusValue],
    userId: filters.host === ALL ? undefined : Number(filters.host),
    from: parseZonedInput(filters.from, zone),
    to: parseZonedInput(filters.to, zone, { endOfDay: true }),
  };
}

/** Every booking of the workspace in time order, filtered by status, member and dates; a row opens its details. */
export function BookingsList({ zone, defaultHostId }: { zone: string; defaultHostId: number | null }) {
  const trpc = useTRPC();
  const initial: Filters = { status: UPCOMING, host: defaultHostId ? String(defaultHostId) : ALL, from: "", to: "" };
  const [draft, setDraft] = useState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);
  const [rangeError, setRangeError] = useState<string>();
  const [open, setOpen] = useState<Booking | null>(null);
  const bookings = useInfiniteQuery(
    trpc.bookings.list.infiniteQueryOptions(
      { limit: 25, ...toInput(filters, zone) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = bookings.data?.pages.flatMap((page) => page.items) ?? [];

  function apply(event: React.FormEvent) {
    event.preventDefault();
    const { from, to } = toInput(draft, zone);
    if (from && to && from > to) {
      setRangeError("The end date must be on or after the start date");
      return;
    }
    setRangeError(undefined);
    setFilters(draft);
  }

  const set = <K extends keyof Filters>(key: K) => (value: Filters[K]) => setDraft((current) => ({ ...current, [key]: value }));

  return (
    <div className="grid gap-4">
      <form onSubmit={apply} aria-label="Filter bookings" className="flex flex-wrap items-end gap-3 rounded-xl border bg-card p-4 shadow-xs">
        <FormField id="bookings-filter-status" label="Status" className="w-52">
          <Select value={draft.status} onValueChange={set("status")}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={UPCOMING}>Pending or confirmed</SelectItem>
              <SelectItem value={ALL}>Any status</SelectItem>
              {(Object.keys(BOOKING_STATUS_LABELS) as BookingStatusValue[]).map((status) => (
                <SelectItem key={status} value={status}>
                  {BOOKING_STATUS_LABELS[status]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <FormField id="bookings-filter-host" label="With" className="w-44">
          <MemberSelect value={draft.host} onValueChange={set("host")} extraOptions={[{ value: ALL, label: "Anyone" }]} />
        </FormField>
        <FormField id="bookings-filter-from" label="From" className="w-40">
          <Input type="date" value={draft.from} onChange={(event) => set("from")(event.target.value)} />
        </FormField>
        <FormField id="bookings-filter-to" label="To" error={rangeError} className="w-40">
          <Input type="date" value={draft.to} onChange={(event) => set("to")(event.target.value)} />
        </FormField>
        <Button type="submit" variant="secondary">
          <FilterIcon aria-hidden="true" />
          Apply
        </Button>
      </form>

      <Table>
        <TableCaption>Bookings</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Title</TableHead>
            <TableHead>Lead</TableHead>
            <TableHead>With</TableHead>
            <TableHead>Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {bookings.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading bookings" />
          ) : bookings.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Bookings could not be loaded: {bookings.error.message}
            </TableMessageRow>
          ) : rows.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>No booking matches these filters.</TableMessageRow>
          ) : (
            rows.map((booking) => (
              <TableRow key={booking.id}>
                <TableCell className="whitespace-nowrap">
                  <button
                    type="button"
                    onClick={() => setOpen(booking)}
                    className="rounded text-left font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                  >
                    {formatTimeRange(booking.startsAt, booking.endsAt, zone)}
                  </button>
                  <LeadClock value={booking.startsAt} leadZone={booking.lead?.timezone} block />
                </TableCell>
                <TableCell>{booking.title ?? "Meeting"}</TableCell>
                <TableCell>
                  {booking.lead ? (
                    <Link href={`/leads/${booking.lead.id}`} className="underline-offset-4 hover:underline">
                      {booking.lead.name}
                    </Link>
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
                <TableCell className="text-muted-foreground">{booking.user.name}</TableCell>
                <TableCell>
                  <BookingStatusBadge status={booking.status} />
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <LoadMore hasNextPage={bookings.hasNextPage} isFetchingNextPage={bookings.isFetchingNextPage} onLoadMore={() => void bookings.fetchNextPage()} />
      <BookingDetailDialog booking={open} zone={zone} onOpenChange={(next) => (next ? undefined : setOpen(null))} />
    </div>
  );
}
