import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { JobRunsTable } from "@/features/jobs/job-runs-table";
import { SectionHeader } from "@/features/settings/section-header";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Background jobs" };

export default async function JobsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");

  return (
    <>
      <SectionHeader
        title="Background jobs"
        description="Work this workspace started in the background: its progress, results and failures."
      />
      <JobRunsTable canRetry={isWorkspaceAdmin(account)} />
    </>
  );
}
