import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { QueueMonitor } from "@/features/platform/queues/queue-monitor";

export const metadata: Metadata = { title: "Queues · Admin" };

export default function AdminQueuesPage() {
  return (
    <>
      <PageHeader title="Queues" description="Background job queues: what is waiting, running and failing, and retrying failures." />
      <QueueMonitor />
    </>
  );
}
