import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { IntegrationTemplates } from "@/features/platform/integration-templates/integration-templates";

export const metadata: Metadata = { title: "Integrations · Admin" };

export default function AdminIntegrationsPage() {
  return (
    <>
      <PageHeader title="Integrations" description="The services workspaces can connect, and the settings each one asks for." />
      <IntegrationTemplates />
    </>
  );
}
