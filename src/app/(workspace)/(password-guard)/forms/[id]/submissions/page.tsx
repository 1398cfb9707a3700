import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { FormSubmissions } from "@/features/forms/form-submissions";

export const metadata: Metadata = { title: "Form submissions" };

export default async function FormSubmissionsPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <FormSubmissions formId={id} />;
}
