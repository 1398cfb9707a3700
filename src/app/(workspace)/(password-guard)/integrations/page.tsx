import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { PageHeader } from "@/components/page-header";
import { getCurrentAccount } from "@/server/auth/current";
import { IntegrationsPanel } from "@/features/integrations/integrations-panel";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  return (
    <>
      <PageHeader title="Integrations" description="The services this workspace is connected to." />
      {/* Connections are managed by workspace admins (every procedure behind the panel asks for it). */}
      {isWorkspaceAdmin(account) ? <IntegrationsPanel /> : <AdminOnlyNotice what="integrations" />}
    </>
  );
}
