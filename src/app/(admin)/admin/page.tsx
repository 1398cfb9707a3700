import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ShieldCheckIcon } from "lucide-react";

import { getCurrentAccount } from "@/server/auth/current";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Admin console" };

export default async function AdminOverviewPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in/admin");
  const firstName = account.name.trim().split(/\s+/)[0] || account.name;

  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description="Run the workspaces of the businesses you serve." />
      <EmptyState icon={ShieldCheckIcon} title="Platform overview">
        Workspace counts, recent sign-ups, security incidents and AI usage across the platform will be summarised here.
      </EmptyState>
    </>
  );
}
