import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { PageHeader } from "@/components/page-header";
import { ImportsTable } from "@/features/imports/imports-table";
import { LeadImportWizard } from "@/features/imports/lead-import-wizard";

export const metadata: Metadata = { title: "Import leads" };

export default async function LeadImportPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  // Managers and admins import (the server checks too); every member sees the past imports and their reports.
  const canImport = account.kind === "admin" || account.role === "admin" || account.role === "manager";
  const id = Number((await searchParams).id);
  const initialId = Number.isSafeInteger(id) && id > 0 ? id : null;

  return (
    <>
      <PageHeader title="Import leads" description="Add or update leads from a CSV or Excel file." />
      <div className="grid gap-8">
        {canImport ? <LeadImportWizard key={initialId ?? "new"} initialId={initialId} /> : null}
        <ImportsTable canManage={canImport} />
      </div>
    </>
  );
}
