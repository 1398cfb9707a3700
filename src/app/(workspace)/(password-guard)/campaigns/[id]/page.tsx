import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { CampaignDetail } from "@/features/campaigns/campaign-detail";

export const metadata: Metadata = { title: "Campaign" };

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <CampaignDetail campaignId={id} />;
}
