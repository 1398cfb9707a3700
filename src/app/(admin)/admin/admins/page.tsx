import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { PageHeader } from "@/components/page-header";
import { AdminsTable } from "@/features/platform/admins/admins-table";
import { AuthCodesTable } from "@/features/platform/admins/auth-codes-table";
import { CreateAdminDialog } from "@/features/platform/admins/create-admin-dialog";
import { IssueAuthCodeDialog } from "@/features/platform/admins/issue-auth-code-dialog";
import { SuperAdminOnly } from "@/features/platform/super-admin-only";
import { SectionHeader } from "@/features/settings/section-header";
import { isSuperAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Admins · Admin" };

export default async function AdminAdminsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in/admin");

  return (
    <>
      <PageHeader
        title="Admins"
        description="Platform administrators and the registration codes that let new admins sign up."
        actions={isSuperAdmin(account) ? <CreateAdminDialog /> : null}
      />
      {isSuperAdmin(account) ? (
        <div className="grid gap-10">
          <AdminsTable currentAdminId={account.id} />
          <section aria-labelledby="registration-codes-title">
            <SectionHeader
              id="registration-codes-title"
              title="Registration codes"
              description="Each code lets one person register as a platform admin before it expires."
              actions={<IssueAuthCodeDialog />}
            />
            <AuthCodesTable />
          </section>
        </div>
      ) : (
        <SuperAdminOnly what="platform admins" />
      )}
    </>
  );
}
