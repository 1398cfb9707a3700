import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Building2Icon, TicketIcon } from "lucide-react";

import { getCurrentAccount } from "@/server/auth/current";
import { ChoicePanel } from "@/features/onboarding/choice-panel";
import { CreateWorkspaceForm } from "@/features/onboarding/create-workspace-form";
import { JoinWorkspaceForm } from "@/features/onboarding/join-workspace-form";

export const metadata: Metadata = { title: "Get started" };

export default async function OnboardingPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  const firstName = account.name.trim().split(/\s+/)[0] || account.name;

  return (
    <div className="grid gap-10">
      <div className="grid max-w-2xl gap-3">
        <p className="text-sm font-medium text-primary">Your account is ready</p>
        <h1 className="text-3xl font-semibold tracking-tight">Welcome to Loctelli, {firstName}</h1>
        <p className="text-muted-foreground">
          Leads, conversations and bookings live in a workspace. Create one for your business, or join a team that
          invited you.
        </p>
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <ChoicePanel
          id="create-workspace"
          icon={Building2Icon}
          title="Create a workspace"
          description="Start fresh: you become the workspace's admin and can invite your team."
        >
          <CreateWorkspaceForm />
        </ChoicePanel>

        <ChoicePanel
          id="join-workspace"
          icon={TicketIcon}
          title="Join with an invitation code"
          description="Someone on your team invited you? Enter the code from their invitation."
        >
          <JoinWorkspaceForm />
        </ChoicePanel>
      </div>
    </div>
  );
}
