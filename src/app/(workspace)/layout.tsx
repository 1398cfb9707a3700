import type { ReactNode } from "react";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { TRPCReactProvider } from "@/trpc/react";
import { ViewerZoneProvider } from "@/features/crm/viewer-zone";
import { AccountMenu } from "@/features/shell/account-menu";
import { ActingAsBanner } from "@/features/shell/acting-as-banner";
import { AppShell } from "@/features/shell/app-shell";

/**
 * The workspace app shell. Needs a session; users still onboarding go to /onboarding, platform admins not acting in
 * a workspace go to their console. (Users who must change their password are sent to /settings/password by the
 * (password-guard) layout inside, which every page but the password page sits under.)
 */
export default async function WorkspaceLayout({ children }: { children: ReactNode }) {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (account.kind === "admin" && account.subAccountId === null) redirect("/admin");
  if (account.kind === "user" && account.onboarding) redirect("/onboarding");

  return (
    // Keyed by the workspace: switching workspace remounts the query cache, so no data of another workspace shows.
    <TRPCReactProvider key={account.subAccountId ?? "none"}>
      <ViewerZoneProvider zone={account.timezone}>
        <AppShell
          section="workspace"
          navLabel="Workspace"
          homeHref="/dashboard"
          context={
            <span className="truncate text-sm font-semibold" data-testid="workspace-name">
              {account.workspaceName ?? "Workspace"}
            </span>
          }
          banner={account.kind === "admin" ? <ActingAsBanner workspaceName={account.workspaceName ?? "this workspace"} /> : null}
          accountMenu={<AccountMenu name={account.name} email={account.email} withSettingsLinks />}
        >
          {children}
        </AppShell>
      </ViewerZoneProvider>
    </TRPCReactProvider>
  );
}
