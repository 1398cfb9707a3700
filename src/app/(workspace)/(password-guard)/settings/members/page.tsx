import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { AddMemberDialog } from "@/features/users/add-member-dialog";
import { MembersTable } from "@/features/users/members-table";
import { SectionHeader } from "@/features/settings/section-header";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  const canManage = isWorkspaceAdmin(account);

  return (
    <>
      <SectionHeader
        title="Members"
        description="Everyone who can sign in to this workspace."
        actions={canManage ? <AddMemberDialog /> : null}
      />
      <MembersTable canManage={canManage} currentUserId={account.kind === "user" ? account.id : null} />
    </>
  );
}
