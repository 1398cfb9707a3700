import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { PageHeader } from "@/components/page-header";
import { FormError } from "@/components/forms/form-error";
import { IncidentsList } from "@/features/safety/incidents-list";

export const metadata: Metadata = { title: "Safety" };

export default async function SafetyPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  const allowed = account.kind === "admin" || account.role === "admin" || account.role === "manager";

  return (
    <>
      <PageHeader
        title="Safety"
        description="Attempts to trick the AI receptionist, and replies it was stopped from sending. Resolve them, and turn the AI back on for a lead it paused for."
      />
      {allowed ? <IncidentsList /> : <FormError message="The safety console is shown to managers and admins." />}
    </>
  );
}
