import type { Metadata } from "next";
import Link from "next/link";
import { PlusIcon } from "lucide-react";

import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { StrategiesTable } from "@/features/strategies/strategies-table";

export const metadata: Metadata = { title: "Strategies" };

export default function StrategiesPage() {
  return (
    <>
      <PageHeader
        title="Strategies"
        description="How your AI receptionist talks to each kind of lead."
        actions={
          <Button asChild>
            <Link href="/strategies/new">
              <PlusIcon aria-hidden="true" />
              New strategy
            </Link>
          </Button>
        }
      />
      <StrategiesTable />
    </>
  );
}
