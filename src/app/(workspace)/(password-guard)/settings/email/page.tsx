import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { SectionHeader } from "@/features/settings/section-header";
import { EmailSettings } from "@/features/email/email-settings";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Email" };

export default async function EmailSettingsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="email settings" />;
  return (
    <>
      <SectionHeader title="Email" description="The sender leads see, the address they write to, and what happens when a stranger writes." />
      <EmailSettings />
    </>
  );
}
