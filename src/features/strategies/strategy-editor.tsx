"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, CopyIcon, MessagesSquareIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { ActiveBadge } from "@/components/data/status-badge";
import { FormError } from "@/components/forms/form-error";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StrategyForm } from "./strategy-form";
import { StrategyEvaluation } from "@/features/evaluations/strategy-evaluation";
import { StrategyVersions } from "./strategy-versions";
import { AiStatusNotice } from "@/features/ai-model/ai-status-notice";

export function BackToStrategies() {
  return (
    <Button asChild variant="ghost" size="sm" className="mb-4 -ml-3">
      <Link href="/strategies">
        <ArrowLeftIcon aria-hidden="true" />
        All strategies
      </Link>
    </Button>
  );
}

/** One strategy: its form (each save is a new version), its versions, and duplicate / (de)activate. */
export function StrategyEditor({ strategyId }: { strategyId: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const strategy = useQuery(trpc.strategies.get.queryOptions({ id: strategyId }));
  const duplicate = useMutation(trpc.strategies.duplicate.mutationOptions());
  const activate = useMutation(trpc.strategies.activate.mutationOptions());
  const deactivate = useMutation(trpc.strategies.deactivate.mutationOptions());
  const [actionError, setActionError] = useState<string>();
  // A restored version changes every field: the form starts again from the strategy's new current version.
  const [restores, setRestores] = useState(0);

  if (strategy.isPending) {
    return (
      <div className="grid gap-6" role="status" aria-label="Loading the strategy">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (strategy.isError) {
    return (
      <>
        <BackToStrategies />
        <QueryError what="This strategy" error={strategy.error} />
      </>
    );
  }
  const data = strategy.data;

  async function run(what: string, action: () => Promise<unknown>) {
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(`${what}: ${(error as Error).message}`);
      return;
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.strategies.get.queryKey({ id: strategyId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.strategies.list.pathKey() }),
    ]);
  }

  return (
    <>
      <BackToStrategies />
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {data.name}
            <ActiveBadge active={data.isActive} />
          </span>
        }
        description={`Version ${data.currentVersion}${data.effectivePromptTemplate ? ` · builds on “${data.effectivePromptTemplate.name}”` : ""}`}
        actions={
          <>
            <Button asChild variant="outline">
              <Link href={`/strategies/${strategyId}/test`}>
                <MessagesSquareIcon aria-hidden="true" />
                Test chat
              </Link>
            </Button>
            <Button
              variant="outline"
              disabled={activate.isPending || deactivate.isPending}
              onClick={() =>
                void run(data.isActive ? "The strategy was not deactivated" : "The strategy was not activated", () =>
                  data.isActive ? deactivate.mutateAsync({ id: strategyId }) : activate.mutateAsync({ id: strategyId }),
                )
              }
            >
              {data.isActive ? "Deactivate" : "Activate"}
            </Button>
            <Button
              variant="outline"
              disabled={duplicate.isPending}
              onClick={() =>
                void run("The strategy was not duplicated", async () => {
                  const copy = await duplicate.mutateAsync({ id: strategyId });
                  router.push(`/strategies/${copy.id}`);
                })
              }
            >
              <CopyIcon aria-hidden="true" />
              Duplicate
            </Button>
          </>
        }
      />
      <FormError message={actionError} />
      <AiStatusNotice className="mb-6" showWhenOn />
      <div className="grid gap-6 xl:grid-cols-[1fr_26rem]">
        <StrategyForm
          key={`${strategyId}-${restores}`}
          strategyId={strategyId}
          defaults={{
            name: data.name,
            description: data.description,
            tag: data.tag,
            industryContext: data.industryContext,
            aiName: data.aiName,
            aiRole: data.aiRole,
            companyBackground: data.companyBackground,
            conversationTone: data.conversationTone,
            communicationStyle: data.communicationStyle,
            qualificationQuestions: data.qualificationQuestions,
            disqualificationRules: data.disqualificationRules,
            objectionHandling: data.objectionHandling,
            closingStrategy: data.closingStrategy,
            bookingInstructions: data.bookingInstructions,
            outputGuidelines: data.outputGuidelines,
            prohibitedBehaviors: data.prohibitedBehaviors,
            delayMin: data.delayMin,
            delayMax: data.delayMax,
            promptTemplateId: data.promptTemplateId,
          }}
        />
        <div className="grid gap-6 self-start">
        <StrategyEvaluation strategyId={strategyId} currentVersion={data.currentVersion} />
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Versions</CardTitle>
            <CardDescription>Every save is kept; conversations remember the version they used.</CardDescription>
          </CardHeader>
          <CardContent>
            <StrategyVersions strategyId={strategyId} onRestored={() => setRestores((n) => n + 1)} />
          </CardContent>
        </Card>
        </div>
      </div>
    </>
  );
}
