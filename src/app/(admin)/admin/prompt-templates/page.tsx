import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { PromptTemplatesTable } from "@/features/platform/prompt-templates/prompt-templates-table";

export const metadata: Metadata = { title: "Prompt templates · Admin" };

export default function AdminPromptTemplatesPage() {
  return (
    <>
      <PageHeader title="Prompt templates" description="The starting prompts workspaces build their AI receptionist on." />
      <PromptTemplatesTable />
    </>
  );
}
