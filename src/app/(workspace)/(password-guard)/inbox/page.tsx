import type { Metadata } from "next";
import { Suspense } from "react";

import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Inbox } from "@/features/chat/inbox";
import { AiStatusNotice } from "@/features/ai-model/ai-status-notice";

export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  return (
    <>
      <PageHeader title="Inbox" description="Conversations with your leads across every channel." />
      <AiStatusNotice className="mb-4" />
      <Suspense fallback={<Skeleton className="h-96 w-full" role="status" aria-label="Loading the inbox" />}>
        <Inbox />
      </Suspense>
    </>
  );
}
