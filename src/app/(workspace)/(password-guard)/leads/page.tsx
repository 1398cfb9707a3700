import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { LeadsTable } from "@/features/leads/leads-table";

export const metadata: Metadata = { title: "Leads" };

export default function LeadsPage() {
  return (
    <>
      <PageHeader title="Leads" description="Everyone who reached out to this workspace, and where they stand." />
      <LeadsTable />
    </>
  );
}
