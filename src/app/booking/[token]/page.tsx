import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";

import { Logo } from "@/components/brand/logo";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { AuthCard } from "@/features/auth/auth-card";
import { dayKey, formatDayLong, formatTime, formatTimeRange, zoneAbbreviation, zoneDisplayName } from "@/lib/time";
import { AppError } from "@/server/errors";
import type { ManageBookingError } from "@/server/http/manage-booking-route";
import { logger } from "@/server/logger";
import { describeManagedBooking, managedBookingSlots, type ManagedBooking } from "@/server/services/bookings/manage-booking";

export const metadata: Metadata = { title: "Your booking", referrer: "no-referrer", robots: { index: false } };
export const dynamic = "force-dynamic";

const ERRORS: Record<ManageBookingError, string> = {
  link: "This link is not valid or has expired.",
  taken: "That time was just booked by someone else. Pick another time.",
  unavailable: "That time is no longer free. Pick another time.",
  closed: "This booking can no longer be changed: it was cancelled or has started.",
  busy: "Too many attempts from your connection. Wait a few minutes and try again.",
  invalid: "That did not work. Open the link from your message again and retry.",
};

type Search = { step?: string; day?: string; at?: string; done?: string; error?: string };

/**
 * The lead's page behind the signed link of a booking confirmation or reminder: the booking on the lead's clock (the
 * zone named), and two changes, each asked before it is made: cancel, or move to another free time. Server-rendered
 * forms posting to /api/public/booking/*, so it works on any phone without scripts.
 */
export default async function ManageBookingPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Search> }) {
  const { token: rawToken } = await params;
  const search = await searchParams;
  const token = rawToken.slice(0, 300);
  const requestId = randomUUID();
  const ctx = { requestId, log: logger.child({ requestId }), ip: "page", userAgent: null };

  let booking: ManagedBooking;
  try {
    booking = await describeManagedBooking(ctx, token);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return (
      <Shell>
        <AuthCard title="This link does not work" description={e.message}>
          <p className="text-sm text-muted-foreground">Nothing was changed.</p>
        </AuthCard>
      </Shell>
    );
  }

  const zone = booking.zone;
  const when = formatTimeRange(booking.startsAt, booking.endsAt, zone);
  const zoneLine = `Times are shown in ${zoneDisplayName(zone)} time (${zoneAbbreviation(booking.startsAt, zone)}).`;
  const error = search.error && search.error in ERRORS ? ERRORS[search.error as ManageBookingError] : null;
  const notice = error ? (
    <Alert variant="destructive" role="alert">
      <AlertDescription>{error}</AlertDescription>
    </Alert>
  ) : search.done === "rescheduled" ? (
    <Alert role="status">
      <AlertDescription>Your booking has moved. A confirmation is on its way.</AlertDescription>
    </Alert>
  ) : undefined;
  const base = `/booking/${encodeURIComponent(token)}`;
  const title = booking.title ?? `Meeting with ${booking.memberName}`;

  if (booking.status === "cancelled") {
    return (
      <Shell>
        <AuthCard title="Booking cancelled" description={`${title} with ${booking.memberName} at ${booking.workspaceName}.`} notice={notice}>
          <p className="text-base line-through decoration-muted-foreground">{when}</p>
          <p className="text-sm text-muted-foreground">
            {search.done === "cancelled" ? "Done: your booking is cancelled and a confirmation is on its way. " : ""}
            {zoneLine}
          </p>
        </AuthCard>
      </Shell>
    );
  }

  const summary = (
    <div className="grid gap-1 rounded-md border p-3">
      <p className="text-base font-medium">{when}</p>
      <p className="text-sm text-muted-foreground">{zoneLine}</p>
    </div>
  );

  if (!booking.canChange) {
    return (
      <Shell>
        <AuthCard title="Your booking" description={`${title} with ${booking.memberName} at ${booking.workspaceName}.`} notice={notice}>
          {summary}
          <p className="text-sm text-muted-foreground">This booking can no longer be changed online.</p>
        </AuthCard>
      </Shell>
    );
  }

  if (search.step === "cancel") {
    return (
      <Shell>
        <AuthCard title="Cancel this booking?" description={`${title} with ${booking.memberName} at ${booking.workspaceName}.`} notice={notice}>
          {summary}
          <form method="post" action="/api/public/booking/cancel" className="grid gap-3">
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="from" value="page" />
            <Button type="submit" variant="destructive" className="h-11 w-full">
              Yes, cancel my booking
            </Button>
          </form>
          <Button asChild variant="outline" className="h-11 w-full">
            <Link href={base}>No, keep it</Link>
          </Button>
        </AuthCard>
      </Shell>
    );
  }

  if (search.step === "reschedule") {
    const slots = await managedBookingSlots(ctx, token);
    const days = new Map<string, Date[]>();
    for (const slot of slots) {
      const key = dayKey(slot.startsAt, zone);
      days.set(key, [...(days.get(key) ?? []), slot.startsAt]);
    }
    const dayKeys = [...days.keys()];
    const day = search.day && days.has(search.day) ? search.day : dayKeys[0];
    const chosen = search.at ? slots.find((s) => s.startsAt.toISOString() === search.at) : undefined;
    const length = booking.endsAt.getTime() - booking.startsAt.getTime();

    if (chosen) {
      return (
        <Shell>
          <AuthCard title="Move your booking?" description={`${title} with ${booking.memberName} at ${booking.workspaceName}.`} notice={notice}>
            <div className="grid gap-1 rounded-md border p-3">
              <p className="text-sm text-muted-foreground">From</p>
              <p className="text-base line-through decoration-muted-foreground">{when}</p>
              <p className="text-sm text-muted-foreground">To</p>
              <p className="text-base font-medium">{formatTimeRange(chosen.startsAt, new Date(chosen.startsAt.getTime() + length), zone)}</p>
              <p className="text-sm text-muted-foreground">{zoneLine}</p>
            </div>
            <form method="post" action="/api/public/booking/reschedule" className="grid gap-3">
              <input type="hidden" name="token" value={token} />
              <input type="hidden" name="from" value="page" />
              <input type="hidden" name="startsAt" value={chosen.startsAt.toISOString()} />
              <Button type="submit" className="h-11 w-full">
                Yes, move it
              </Button>
            </form>
            <Button asChild variant="outline" className="h-11 w-full">
              <Link href={`${base}?step=reschedule&day=${encodeURIComponent(day ?? "")}`}>Choose another time</Link>
            </Button>
          </AuthCard>
        </Shell>
      );
    }

    return (
      <Shell>
        <AuthCard title="Pick another time" description={`Now: ${when}. ${zoneLine}`} notice={notice}>
          {dayKeys.length === 0 ? (
            <p className="text-sm text-muted-foreground">There are no free times in the next two weeks. Contact {booking.workspaceName} to find one.</p>
          ) : (
            <>
              <nav aria-label="Days" className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-1">
                {dayKeys.map((key) => (
                  <Button key={key} asChild size="sm" variant={key === day ? "default" : "outline"} className="h-10 shrink-0">
                    <Link href={`${base}?step=reschedule&day=${key}`} aria-current={key === day ? "true" : undefined}>
                      {formatDayLong(days.get(key)![0]!, zone)}
                    </Link>
                  </Button>
                ))}
              </nav>
              <ul aria-label="Free times" className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                {(days.get(day!) ?? []).map((start) => (
                  <li key={start.toISOString()}>
                    <Button asChild variant="outline" className="h-11 w-full">
                      <Link href={`${base}?step=reschedule&day=${day}&at=${encodeURIComponent(start.toISOString())}`}>{formatTime(start, zone)}</Link>
                    </Button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <Button asChild variant="ghost" className="h-11 w-full">
            <Link href={base}>Back</Link>
          </Button>
        </AuthCard>
      </Shell>
    );
  }

  return (
    <Shell>
      <AuthCard title="Your booking" description={`${title} with ${booking.memberName} at ${booking.workspaceName}.`} notice={notice}>
        {summary}
        <div className="grid gap-3">
          <Button asChild className="h-11 w-full">
            <Link href={`${base}?step=reschedule`}>Pick another time</Link>
          </Button>
          <Button asChild variant="outline" className="h-11 w-full">
            <Link href={`${base}?step=cancel`}>Cancel booking</Link>
          </Button>
        </div>
      </AuthCard>
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex justify-center px-4 pt-10 pb-6">
        <Logo />
      </header>
      <main className="mx-auto w-full max-w-md flex-1 px-4 pb-12">{children}</main>
    </div>
  );
}
