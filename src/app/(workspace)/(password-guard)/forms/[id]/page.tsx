import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { FormBuilder } from "@/features/forms/builder/form-builder";

export const metadata: Metadata = { title: "Form builder" };

export default async function FormBuilderPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <FormBuilder formId={id} />;
}
