import type { Metadata } from "next";
import { BlocksIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Integrations" };

export default function IntegrationsPage() {
  return (
    <>
      <PageHeader title="Integrations" description="The services this workspace is connected to." />
      <EmptyState icon={BlocksIcon} title="No integrations connected">
        Phone numbers, email, calendars and CRMs you connect so your AI receptionist can reach your leads will be listed here.
      </EmptyState>
    </>
  );
}
