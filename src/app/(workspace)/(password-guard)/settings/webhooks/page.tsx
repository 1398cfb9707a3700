import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { CreateWebhookDialog } from "@/features/webhooks/create-webhook-dialog";
import { WebhookEndpoints } from "@/features/webhooks/webhook-endpoints";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { SectionHeader } from "@/features/settings/section-header";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="webhooks" />;

  return (
    <>
      <SectionHeader
        title="Webhooks"
        description="Send this workspace's events (new leads, bookings, messages…) to other systems as they happen, signed so the receiver can check they come from here."
        actions={<CreateWebhookDialog />}
      />
      <WebhookEndpoints />
    </>
  );
}
