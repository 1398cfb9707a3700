import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { FormAnalytics } from "@/features/forms/form-analytics";

export const metadata: Metadata = { title: "Form analytics" };

export default async function FormAnalyticsPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <FormAnalytics formId={id} />;
}
