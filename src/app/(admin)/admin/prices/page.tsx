import type { Metadata } from "next";

import { PageHeader } from "@/components/page-header";
import { ModelPrices } from "@/features/platform/prices/model-prices";

export const metadata: Metadata = { title: "Model prices · Admin" };

export default function AdminModelPricesPage() {
  return (
    <>
      <PageHeader title="Model prices" description="What each AI model costs, for the estimated cost on every workspace's usage page." />
      <ModelPrices />
    </>
  );
}
