import type { ReactNode } from "react";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { TRPCReactProvider } from "@/trpc/react";
import { ViewerZoneProvider } from "@/features/crm/viewer-zone";
import { Logo } from "@/components/brand/logo";
import { SignOutButton } from "@/features/auth/sign-out-button";
import { homePathFor } from "@/lib/home-path";

/** For workspace users still in the onboarding workspace; everyone else is sent to their own home. */
export default async function OnboardingLayout({ children }: { children: ReactNode }) {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (account.kind !== "user" || !account.onboarding) redirect(homePathFor(account));

  return (
    <TRPCReactProvider>
      <ViewerZoneProvider zone={account.timezone}>
        <div className="flex min-h-dvh flex-col">
          <header className="border-b bg-card">
            <div className="mx-auto flex h-16 max-w-5xl items-center justify-between px-4 sm:px-6">
              <Logo />
              <div className="flex items-center gap-3">
                <span className="hidden text-sm text-muted-foreground sm:inline">{account.email}</span>
                <SignOutButton size="sm" />
              </div>
            </div>
          </header>
          <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6 sm:py-14">{children}</main>
        </div>
      </ViewerZoneProvider>
    </TRPCReactProvider>
  );
}
