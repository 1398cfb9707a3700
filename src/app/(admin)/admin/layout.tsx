import type { ReactNode } from "react";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { TRPCReactProvider } from "@/trpc/react";
import { ViewerZoneProvider } from "@/features/crm/viewer-zone";
import { Badge } from "@/components/ui/badge";
import { AccountMenu } from "@/features/shell/account-menu";
import { AppShell } from "@/features/shell/app-shell";
import { isSuperAdmin } from "@/lib/roles";

/** The platform admin console: platform admins only; anyone else is sent to the admin sign-in. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const account = await getCurrentAccount();
  if (!account || account.kind !== "admin") redirect("/sign-in/admin");

  return (
    // Keyed like the workspace shell: an admin's selected workspace changes what some queries return.
    <TRPCReactProvider key={`admin:${account.subAccountId ?? "none"}`}>
      <ViewerZoneProvider zone={account.timezone}>
        <AppShell
          section="admin"
          navLabel="Admin console"
          homeHref="/admin"
          superAdmin={isSuperAdmin(account)}
          context={
            <>
              <span className="truncate text-sm font-semibold">Admin console</span>
              <Badge variant="secondary">Platform</Badge>
            </>
          }
          accountMenu={<AccountMenu name={account.name} email={account.email} withSettingsLinks={false} profileHref="/admin/profile" />}
        >
          {children}
        </AppShell>
      </ViewerZoneProvider>
    </TRPCReactProvider>
  );
}
