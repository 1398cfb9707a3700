import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { LeadDetail } from "@/features/leads/lead-detail";

export const metadata: Metadata = { title: "Lead" };

export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <LeadDetail leadId={id} />;
}
