import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { CreateExportForm } from "@/features/exports/create-export-form";
import { ExportsTable } from "@/features/exports/exports-table";
import { SectionHeader } from "@/features/settings/section-header";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  // Managers and admins start exports (the server checks too); every member sees and downloads them.
  const canCreate = account.kind === "admin" || account.role === "admin" || account.role === "manager";

  return (
    <>
      <SectionHeader
        title="Exports"
        description="Download this workspace's leads, bookings and contacts as CSV or Excel files."
      />
      {canCreate ? <CreateExportForm /> : null}
      <ExportsTable />
    </>
  );
}
