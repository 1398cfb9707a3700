import type { Metadata } from "next";
import { CalendarCheckIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Bookings" };

export default function BookingsPage() {
  return (
    <>
      <PageHeader title="Bookings" description="Appointments with your leads." />
      <EmptyState icon={CalendarCheckIcon} title="No bookings yet">
        Appointments booked by your team or your AI receptionist will show up here with their time, lead and status.
      </EmptyState>
    </>
  );
}
