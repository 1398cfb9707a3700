import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { NewCampaign } from "@/features/campaigns/new-campaign";

export const metadata: Metadata = { title: "New campaign" };

export default function NewCampaignPage() {
  return (
    <>
      <PageHeader title="New campaign" description="Choose the leads, write the text, check the first few, then send." />
      <NewCampaign />
    </>
  );
}
