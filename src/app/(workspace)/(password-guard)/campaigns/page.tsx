import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { CampaignsList } from "@/features/campaigns/campaigns-list";

export const metadata: Metadata = { title: "Campaigns" };

export default function CampaignsPage() {
  return (
    <>
      <PageHeader title="Campaigns" description="One text to many leads, at your number's pace. Replies land in each lead's conversation." />
      <CampaignsList />
    </>
  );
}
