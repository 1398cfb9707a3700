import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { WorkspaceSettingsSection } from "@/features/settings/workspace-settings-form";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="the workspace's settings" />;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Workspace</CardTitle>
        <CardDescription>The workspace&apos;s name, description and regional defaults.</CardDescription>
      </CardHeader>
      <CardContent>
        <WorkspaceSettingsSection />
      </CardContent>
    </Card>
  );
}
