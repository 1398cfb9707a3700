import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { CreateInvitationDialog } from "@/features/invitations/create-invitation-dialog";
import { InvitationsTable } from "@/features/invitations/invitations-table";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { SectionHeader } from "@/features/settings/section-header";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Invitations" };

export default async function InvitationsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="invitations" />;

  return (
    <>
      <SectionHeader
        title="Invitations"
        description="Codes that let people join this workspace when they sign up."
        actions={<CreateInvitationDialog />}
      />
      <InvitationsTable />
    </>
  );
}
