import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ChartNoAxesCombinedIcon } from "lucide-react";

import { getCurrentAccount } from "@/server/auth/current";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

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
      <EmptyState icon={ChartNoAxesCombinedIcon} title="Your dashboard fills in as leads arrive">
        New leads, response times, conversations that need a person and upcoming bookings will be summarised here.
      </EmptyState>
    </>
  );
}
