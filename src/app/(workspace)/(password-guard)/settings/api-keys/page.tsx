import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { ApiKeysTable } from "@/features/api-keys/api-keys-table";
import { CreateApiKeyDialog } from "@/features/api-keys/create-api-key-dialog";
import { AdminOnlyNotice } from "@/features/settings/admin-only-notice";
import { SectionHeader } from "@/features/settings/section-header";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");
  if (!isWorkspaceAdmin(account)) return <AdminOnlyNotice what="API keys" />;

  return (
    <>
      <SectionHeader
        title="API keys"
        description={
          <>
            Keys that let other systems read or write this workspace&apos;s data through the REST API.{" "}
            <Link href="/developers/api" className="text-primary underline-offset-2 hover:underline">
              Read the API reference
            </Link>
          </>
        }
        actions={<CreateApiKeyDialog />}
      />
      <ApiKeysTable />
    </>
  );
}
