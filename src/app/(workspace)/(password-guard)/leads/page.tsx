import type { Metadata } from "next";
import { Suspense } from "react";

import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { LeadsTable } from "@/features/leads/leads-table";

export const metadata: Metadata = { title: "Leads" };

export default function LeadsPage() {
  return (
    <>
      <PageHeader title="Leads" description="Everyone who reached out to this workspace, and where they stand." />
      <Suspense fallback={<Skeleton className="h-96 w-full" role="status" aria-label="Loading leads" />}>
        <LeadsTable />
      </Suspense>
    </>
  );
}
