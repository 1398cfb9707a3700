import type { Metadata } from "next";
import { ShieldCheckIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Admins · Admin" };

export default function AdminAdminsPage() {
  return (
    <>
      <PageHeader title="Admins" description="Platform administrators and their authorization codes." />
      <EmptyState icon={ShieldCheckIcon} title="No admins to show yet">
        Platform admins will be listed here, along with the authorization codes that let new admins register.
      </EmptyState>
    </>
  );
}
