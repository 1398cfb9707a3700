import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { PageHeader } from "@/components/page-header";
import { PlatformOverview } from "@/features/platform/platform-overview";

export const metadata: Metadata = { title: "Admin console" };

export default async function AdminOverviewPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in/admin");
  const firstName = account.name.trim().split(/\s+/)[0] || account.name;

  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description="Run the workspaces of the businesses you serve." />
      <PlatformOverview />
    </>
  );
}
