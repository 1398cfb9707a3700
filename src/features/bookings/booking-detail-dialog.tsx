"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { RouterOutputs } from "@/lib/api-types";
import { DetailList } from "@/features/crm/detail-list";
import { LeadClock } from "@/features/crm/viewer-zone";
import { dayKey, formatSlot, formatTime, formatTimeRange, zoneDisplayName } from "@/lib/time";
import { formatDayHeading } from "./calendar-time";
import { BookingStatusBadge, isActiveBooking } from "./booking-status";

export type Booking = RouterOutputs["bookings"]["list"]["items"][number];
const DAY_MS = 86_400_000;
const RESCHEDULE_DAYS = 21;

/** One booking: its details and what can happen to it (confirm, reschedule, cancel, complete, no-show). */
export function BookingDetailDialog({
  booking,
  zone,
  onOpenChange,
}: {
  booking: Booking | null;
  zone: string;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={booking !== null} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        {booking ? <BookingDetail key={booking.id} booking={booking} zone={zone} onClose={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

type Action = "confirm" | "cancel" | "complete" | "noShow";
const ACTION_FAILED: Record<Action, string> = {
  confirm: "The booking was not confirmed",
  cancel: "The booking was not cancelled",
  complete: "The booking was not marked completed",
  noShow: "The booking was not marked as a no-show",
};

function BookingDetail({ booking, zone, onClose }: { booking: Booking; zone: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutations = {
    confirm: useMutation(trpc.bookings.confirm.mutationOptions()),
    cancel: useMutation(trpc.bookings.cancel.mutationOptions()),
    complete: useMutation(trpc.bookings.complete.mutationOptions()),
    noShow: useMutation(trpc.bookings.noShow.mutationOptions()),
  };
  const [mode, setMode] = useState<"view" | "reschedule" | "confirmCancel">("view");
  const [error, setError] = useState<string>();
  const active = isActiveBooking(booking.status);
  const [openedAt] = useState(() => Date.now());
  const started = booking.startsAt.getTime() <= openedAt;
  const pending = Object.values(mutations).some((mutation) => mutation.isPending);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.bookings.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.availability.slots.pathKey() }),
    ]);
  }

  async function run(action: Action) {
    setError(undefined);
    try {
      await mutations[action].mutateAsync({ id: booking.id });
    } catch (e) {
      setError(`${ACTION_FAILED[action]}: ${(e as Error).message}`);
      return;
    }
    await refresh();
    onClose();
  }

  if (mode === "reschedule") {
    return <ReschedulePicker booking={booking} zone={zone} onBack={() => setMode("view")} onDone={onClose} />;
  }

  return (
    <>
      <DialogHeader>
        <DialogTitle className="flex flex-wrap items-center gap-2">
          {booking.title ?? "Meeting"} <BookingStatusBadge status={booking.status} />
        </DialogTitle>
        <DialogDescription>
          <span data-testid="booking-when">{formatTimeRange(booking.startsAt, booking.endsAt, zone)}</span>
          <LeadClock value={booking.startsAt} leadZone={booking.lead?.timezone} />
        </DialogDescription>
      </DialogHeader>
      <DetailList
        items={[
          { label: "With", value: booking.user.name },
          {
            label: "Lead",
            value: booking.lead ? (
              <Link href={`/leads/${booking.lead.id}`} className="text-primary underline-offset-4 hover:underline">
                {booking.lead.name}
              </Link>
            ) : null,
          },
          { label: "Booked in", value: zoneDisplayName(booking.timezone) },
          { label: "Location", value: booking.location },
          { label: "Notes", value: booking.notes },
        ]}
      />
      {mode === "confirmCancel" ? (
        <div className="grid gap-3 rounded-lg border border-destructive/30 bg-destructive/5 p-3">
          <p className="text-sm">Cancel this booking? The time becomes free again. This cannot be undone.</p>
          <div className="flex gap-2">
            <SubmitButton type="button" variant="destructive" size="sm" pending={mutations.cancel.isPending} onClick={() => void run("cancel")}>
              Cancel booking
            </SubmitButton>
            <Button variant="outline" size="sm" onClick={() => setMode("view")}>
              Keep it
            </Button>
          </div>
        </div>
      ) : null}
      <FormError message={error} />
      {active ? (
        <DialogFooter className="flex-wrap sm:justify-start">
          {booking.status === "pending" ? (
            <Button disabled={pending} onClick={() => void run("confirm")}>
              Confirm
            </Button>
          ) : null}
          {!started ? (
            <Button variant="outline" disabled={pending} onClick={() => setMode("reschedule")}>
              Reschedule
            </Button>
          ) : null}
          {started ? (
            <>
              <Button variant="outline" disabled={pending} onClick={() => void run("complete")}>
                Mark completed
              </Button>
              <Button variant="outline" disabled={pending} onClick={() => void run("noShow")}>
                Mark no-show
              </Button>
            </>
          ) : null}
          <Button
            variant="ghost"
            className="text-destructive hover:bg-destructive/10 hover:text-destructive"
            disabled={pending}
            onClick={() => setMode("confirmCancel")}
          >
            Cancel booking…
          </Button>
        </DialogFooter>
      ) : (
        <p className="text-sm text-muted-foreground">This booking is closed; nothing more can change.</p>
      )}
    </>
  );
}

/** The host's free slots over the next three weeks, by day; choosing one moves the booking there. */
function ReschedulePicker({ booking, zone, onBack, onDone }: { booking: Booking; zone: string; onBack: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reschedule = useMutation(trpc.bookings.reschedule.mutationOptions());
  const [range] = useState(() => {
    const from = new Date();
    return { from, to: new Date(from.getTime() + RESCHEDULE_DAYS * DAY_MS) };
  });
  const slots = useQuery(trpc.availability.slots.queryOptions({ userId: booking.userId, timezone: zone, ...range }));
  const [error, setError] = useState<string>();
  const lengthMs = booking.endsAt.getTime() - booking.startsAt.getTime();

  async function moveTo(startsAt: Date) {
    setError(undefined);
    try {
      await reschedule.mutateAsync({ id: booking.id, startsAt, endsAt: new Date(startsAt.getTime() + lengthMs), timezone: zone });
    } catch (e) {
      setError(`The booking was not moved: ${(e as Error).message}`);
      return;
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.bookings.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.availability.slots.pathKey() }),
    ]);
    onDone();
  }

  const byDay = new Map<string, Date[]>();
  for (const slot of slots.data?.slots ?? []) {
    const key = dayKey(slot.startsAt, zone);
    byDay.set(key, [...(byDay.get(key) ?? []), slot.startsAt]);
  }

  return (
    <>
      <DialogHeader>
        <DialogTitle>Reschedule {booking.title ?? "the meeting"}</DialogTitle>
        <DialogDescription>
          Now {formatSlot(booking.startsAt, zone)}. Choose a free time of {booking.user.name} in the next three weeks.
        </DialogDescription>
      </DialogHeader>
      {slots.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : slots.isError ? (
        <QueryError what="The free times" error={slots.error} />
      ) : byDay.size === 0 ? (
        <p className="text-sm text-muted-foreground">{booking.user.name} has no free time in the next three weeks.</p>
      ) : (
        <div className="grid max-h-80 gap-3 overflow-y-auto pr-1">
          {[...byDay.entries()].map(([key, starts]) => {
            const heading = formatDayHeading(starts[0]!, zone);
            return (
              <section key={key} aria-label={`${heading.weekday} ${heading.day}`} className="grid gap-1.5">
                <h3 className="text-xs font-medium text-muted-foreground">
                  {heading.weekday} {heading.day}
                </h3>
                <div className="flex flex-wrap gap-1.5">
                  {starts.map((start) => (
                    <Button
                      key={start.getTime()}
                      variant="outline"
                      size="sm"
                      disabled={reschedule.isPending}
                      aria-label={`Move to ${formatSlot(start, zone)}`}
                      onClick={() => void moveTo(start)}
                    >
                      {formatTime(start, zone, { withZone: false })}
                    </Button>
                  ))}
                </div>
              </section>
            );
          })}
        </div>
      )}
      <FormError message={error} />
      <DialogFooter>
        <Button variant="outline" onClick={onBack}>
          Back
        </Button>
      </DialogFooter>
    </>
  );
}
