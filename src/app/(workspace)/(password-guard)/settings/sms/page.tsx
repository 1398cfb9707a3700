import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { SectionHeader } from "@/features/settings/section-header";
import { SmsSettings } from "@/features/sms/sms-settings";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "SMS" };

export default async function SmsSettingsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="SMS settings" />;
  return (
    <>
      <SectionHeader title="SMS" description="The Twilio account and numbers leads text, and the rules every message follows." />
      <SmsSettings />
    </>
  );
}
