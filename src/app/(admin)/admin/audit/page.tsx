import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { PlatformAuditLog } from "@/features/audit/platform-audit-log";

export const metadata: Metadata = { title: "Audit log · Admin" };

export default function AdminAuditPage() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description="What was changed, by whom and where, across every workspace and the platform itself."
      />
      <PlatformAuditLog />
    </>
  );
}
