import type { Metadata } from "next";
import Link from "next/link";
import { Clock3Icon } from "lucide-react";

import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { BookingsView } from "@/features/bookings/bookings-view";

export const metadata: Metadata = { title: "Bookings" };

export default async function BookingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const lead = Number((await searchParams).lead);
  return (
    <>
      <PageHeader
        title="Bookings"
        description="Appointments with your leads, and the free time of your team."
        actions={
          <Button asChild variant="outline">
            <Link href="/settings/availability">
              <Clock3Icon aria-hidden="true" />
              Availability
            </Link>
          </Button>
        }
      />
      <BookingsView leadId={Number.isSafeInteger(lead) && lead > 0 ? lead : null} />
    </>
  );
}
