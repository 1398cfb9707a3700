import type { Metadata } from "next";
import { KeyRoundIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Sign-in attempts · Admin" };

export default function AdminSigninattemptsPage() {
  return (
    <>
      <PageHeader title="Sign-in attempts" description="Recent sign-ins and refusals across the platform." />
      <EmptyState icon={KeyRoundIcon} title="No sign-in attempts to show yet">
        Successful and failed sign-ins, lockouts and their source addresses will be listed here for review.
      </EmptyState>
    </>
  );
}
