import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { WorkspaceAuditLog } from "@/features/audit/workspace-audit-log";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { SectionHeader } from "@/features/settings/section-header";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="the audit log" />;

  return (
    <>
      <SectionHeader
        title="Audit log"
        description="Who changed what in this workspace, including platform admins acting here."
      />
      <WorkspaceAuditLog />
    </>
  );
}
