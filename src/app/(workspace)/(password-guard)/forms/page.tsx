import type { Metadata } from "next";
import { FileTextIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Forms" };

export default function FormsPage() {
  return (
    <>
      <PageHeader title="Forms" description="Forms you publish to capture leads." />
      <EmptyState icon={FileTextIcon} title="No forms yet">
        The forms you build for your website will live here, and every submission becomes a lead in this workspace.
      </EmptyState>
    </>
  );
}
