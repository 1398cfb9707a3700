import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { SectionHeader } from "@/features/settings/section-header";
import { WidgetSettings } from "@/features/widget/widget-settings";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Website chat" };

export default async function WebsiteChatSettingsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="Website chat settings" />;
  return (
    <>
      <SectionHeader title="Website chat" description="A chat on your own website: visitors talk to the AI receptionist and become leads." />
      <WidgetSettings />
    </>
  );
}
