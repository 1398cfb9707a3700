import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { PlatformUsersTable } from "@/features/platform/users/platform-users-table";

export const metadata: Metadata = { title: "Users · Admin" };

export default function AdminUsersPage() {
  return (
    <>
      <PageHeader title="Users" description="People who belong to workspaces, across the platform." />
      <PlatformUsersTable />
    </>
  );
}
