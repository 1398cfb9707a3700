import type { Metadata } from "next";
import { BookOpenTextIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Prompt templates · Admin" };

export default function AdminPrompttemplatesPage() {
  return (
    <>
      <PageHeader title="Prompt templates" description="The starting prompts workspaces build their AI receptionist on." />
      <EmptyState icon={BookOpenTextIcon} title="No prompt templates yet">
        Templates that give each new sales strategy its starting prompt will be written and versioned here.
      </EmptyState>
    </>
  );
}
