import type { Metadata } from "next";
import { InboxIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  return (
    <>
      <PageHeader title="Inbox" description="Conversations with your leads across every channel." />
      <EmptyState icon={InboxIcon} title="Your inbox is empty">
        Conversations between your AI receptionist, your team and your leads over SMS, email and web chat will appear here.
      </EmptyState>
    </>
  );
}
