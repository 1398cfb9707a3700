import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { MessageTemplates } from "@/features/campaigns/message-templates";

export const metadata: Metadata = { title: "Message templates" };

export default function MessageTemplatesPage() {
  return (
    <>
      <PageHeader title="Message templates" description="Messages your team sends often, personalised for each lead." />
      <MessageTemplates />
    </>
  );
}
