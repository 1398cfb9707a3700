import type { Metadata } from "next";
import { ContactIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Contacts" };

export default function ContactsPage() {
  return (
    <>
      <PageHeader title="Contacts" description="Messages people sent through your contact forms." />
      <EmptyState icon={ContactIcon} title="No contacts yet">
        Submissions from the contact forms on your website will be collected here so your team can follow up.
      </EmptyState>
    </>
  );
}
