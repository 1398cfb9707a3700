import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { PlatformAiSettings } from "@/features/ai-model/platform-ai-settings";

export const metadata: Metadata = { title: "AI model · Admin" };

export default function AdminAiModelPage() {
  return (
    <>
      <PageHeader title="AI model" description="The model every workspace's AI receptionist uses unless the workspace brings its own." />
      <PlatformAiSettings />
    </>
  );
}
