import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { FormsList } from "@/features/forms/forms-list";

export const metadata: Metadata = { title: "Forms" };

export default function FormsPage() {
  return (
    <>
      <PageHeader title="Forms" description="Forms you publish to capture leads: every submission becomes a lead." />
      <FormsList />
    </>
  );
}
