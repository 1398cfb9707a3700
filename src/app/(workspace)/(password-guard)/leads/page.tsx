import type { Metadata } from "next";
import { TargetIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Leads" };

export default function LeadsPage() {
  return (
    <>
      <PageHeader title="Leads" description="Everyone who reached out to this workspace, and where they stand." />
      <EmptyState icon={TargetIcon} title="No leads yet">
        Every lead from your forms, calls, messages and imports will be listed here with its status and next step.
      </EmptyState>
    </>
  );
}
