import type { Metadata } from "next";
import { Building2Icon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Workspaces · Admin" };

export default function AdminWorkspacesPage() {
  return (
    <>
      <PageHeader title="Workspaces" description="Every workspace on the platform." />
      <EmptyState icon={Building2Icon} title="No workspaces to show yet">
        The workspace of each business will be listed here with its members, usage and status, ready to open or suspend.
      </EmptyState>
    </>
  );
}
