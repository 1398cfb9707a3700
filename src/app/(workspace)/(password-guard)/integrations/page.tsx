import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { IntegrationsPanel } from "@/features/integrations/integrations-panel";

export const metadata: Metadata = { title: "Integrations" };

export default function IntegrationsPage() {
  return (
    <>
      <PageHeader title="Integrations" description="The services this workspace is connected to." />
      <IntegrationsPanel />
    </>
  );
}
