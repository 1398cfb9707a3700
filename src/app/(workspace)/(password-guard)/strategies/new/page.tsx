import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { BackToStrategies } from "@/features/strategies/strategy-editor";
import { StrategyForm } from "@/features/strategies/strategy-form";

export const metadata: Metadata = { title: "New strategy" };

export default function NewStrategyPage() {
  return (
    <>
      <BackToStrategies />
      <PageHeader title="New strategy" description="Give your AI receptionist a persona and a sales script for one kind of lead." />
      <StrategyForm />
    </>
  );
}
