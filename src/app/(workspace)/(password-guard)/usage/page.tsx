import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { PageHeader } from "@/components/page-header";
import { FormError } from "@/components/forms/form-error";
import { UsageOverview } from "@/features/usage/usage-overview";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");

  return (
    <>
      <PageHeader
        title="Usage"
        description="What the AI receptionist and your messages used: tokens and their estimated cost, turns, messages per channel, handoffs and bookings."
      />
      {isWorkspaceAdmin(account) ? <UsageOverview /> : <FormError message="Usage is shown to the workspace's admins." />}
    </>
  );
}
