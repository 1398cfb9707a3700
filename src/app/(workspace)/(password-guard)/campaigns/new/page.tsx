import type { Metadata } from "next";
import { Suspense } from "react";

import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { NewCampaign } from "@/features/campaigns/new-campaign";

export const metadata: Metadata = { title: "New campaign" };

export default function NewCampaignPage() {
  return (
    <>
      <PageHeader title="New campaign" description="Choose the leads, write the text, check the first few, then send." />
      <Suspense fallback={<Skeleton className="h-96 w-full" role="status" aria-label="Loading the campaign form" />}>
        <NewCampaign />
      </Suspense>
    </>
  );
}
