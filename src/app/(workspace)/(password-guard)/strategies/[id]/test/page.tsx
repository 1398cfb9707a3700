import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { TestChat } from "@/features/chat/test-chat";

export const metadata: Metadata = { title: "Test chat" };

export default async function StrategyTestChatPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <TestChat strategyId={id} />;
}
