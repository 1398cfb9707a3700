import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { CreateWorkspaceDialog } from "@/features/platform/workspaces/create-workspace-dialog";
import { WorkspacesTable } from "@/features/platform/workspaces/workspaces-table";

export const metadata: Metadata = { title: "Workspaces · Admin" };

export default function AdminWorkspacesPage() {
  return (
    <>
      <PageHeader
        title="Workspaces"
        description="Every workspace on the platform. Act in one to work inside it; everything you do there is recorded."
        actions={<CreateWorkspaceDialog />}
      />
      <WorkspacesTable />
    </>
  );
}
