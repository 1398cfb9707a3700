import type { Metadata } from "next";
import { WaypointsIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Strategies" };

export default function StrategiesPage() {
  return (
    <>
      <PageHeader title="Strategies" description="How your AI receptionist talks to each kind of lead." />
      <EmptyState icon={WaypointsIcon} title="No sales strategies yet">
        Strategies tell your AI receptionist how to greet, qualify and book each kind of lead; the ones you write will be listed here.
      </EmptyState>
    </>
  );
}
