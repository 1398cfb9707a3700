import type { Metadata } from "next";
import { UsersIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Users · Admin" };

export default function AdminUsersPage() {
  return (
    <>
      <PageHeader title="Users" description="People who belong to workspaces." />
      <EmptyState icon={UsersIcon} title="No users to show yet">
        Every workspace member will be listed here with their workspace, role and last sign-in.
      </EmptyState>
    </>
  );
}
