import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { ContactStats, ContactsTable } from "@/features/contacts/contacts-table";

export const metadata: Metadata = { title: "Contacts" };

export default function ContactsPage() {
  return (
    <>
      <PageHeader title="Contacts" description="Messages people sent through your contact forms." />
      <div className="grid gap-6">
        <ContactStats />
        <ContactsTable />
      </div>
    </>
  );
}
