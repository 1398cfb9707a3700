import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { PageHeader } from "@/components/page-header";
import { DashboardSummary } from "@/features/dashboard/dashboard-summary";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  const firstName = account.name.trim().split(/\s+/)[0] || account.name;

  return (
    <>
      <PageHeader
        title={`Welcome back, ${firstName}`}
        description={`Here is how ${account.workspaceName ?? "your workspace"} is doing.`}
      />
      <DashboardSummary />
    </>
  );
}
