import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { StrategyEditor } from "@/features/strategies/strategy-editor";

export const metadata: Metadata = { title: "Strategy" };

export default async function StrategyPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <StrategyEditor strategyId={id} />;
}
