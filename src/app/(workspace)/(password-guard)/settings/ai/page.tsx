import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { SectionHeader } from "@/features/settings/section-header";
import { WorkspaceAiSettings } from "@/features/ai-model/workspace-ai-settings";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "AI" };

export default async function AiSettingsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="AI settings" />;
  return (
    <>
      <SectionHeader title="AI" description="The model that answers your leads and the prompt template strategies build on." />
      <WorkspaceAiSettings />
    </>
  );
}
