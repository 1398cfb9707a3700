import type { ReactNode } from "react";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { SettingsHeader } from "@/features/settings/settings-header";
import { isWorkspaceAdmin } from "@/lib/roles";

/** Every settings page but the password page (which sits outside the password guard and renders the same header). */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  return (
    <>
      <SettingsHeader workspaceAdmin={isWorkspaceAdmin(account)} />
      {children}
    </>
  );
}
