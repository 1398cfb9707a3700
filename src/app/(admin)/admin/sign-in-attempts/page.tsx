import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { PageHeader } from "@/components/page-header";
import { SignInAttempts } from "@/features/platform/security/sign-in-attempts";
import { SuperAdminOnly } from "@/features/platform/super-admin-only";
import { isSuperAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Sign-in attempts · Admin" };

export default async function AdminSignInAttemptsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in/admin");

  return (
    <>
      <PageHeader title="Sign-in attempts" description="Look up an email's recent sign-ins and refusals, and lift its locks." />
      {isSuperAdmin(account) ? <SignInAttempts /> : <SuperAdminOnly what="sign-in attempts and lockouts" />}
    </>
  );
}
