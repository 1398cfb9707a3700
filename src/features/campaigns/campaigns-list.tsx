"use client";

import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { MegaphoneIcon, PlusIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { EmptyState } from "@/components/empty-state";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Skeleton } from "@/components/ui/skeleton";
import { useViewer } from "@/features/crm/use-viewer";
import { CAMPAIGN_POLL_MS, useLiveCampaigns } from "./use-live-campaigns";
import { CAMPAIGN_STATUS_LABELS, campaignDonePercent, formatInZone } from "./campaign-labels";

/** Campaigns, newest first, each with its progress, live over the workspace's event stream. */
export function CampaignsList() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const { streaming } = useLiveCampaigns(true);
  const campaigns = useInfiniteQuery(
    trpc.campaigns.list.infiniteQueryOptions(
      { limit: 20 },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        // Live over the event stream; polled only while the stream is down.
        refetchInterval: (query) =>
          !streaming && query.state.data?.pages.some((p) => p.items.some((c) => c.status === "sending" || c.status === "scheduled")) ? CAMPAIGN_POLL_MS : false,
      },
    ),
  );
  const items = campaigns.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="grid gap-4">
      {viewer.isManager ? (
        <div>
          <Button asChild>
            <Link href="/campaigns/new">
              <PlusIcon aria-hidden="true" />
              New campaign
            </Link>
          </Button>
        </div>
      ) : null}
      {campaigns.isPending ? (
        <Skeleton className="h-40 w-full" role="status" aria-label="Loading campaigns" />
      ) : campaigns.isError ? (
        <QueryError what="The campaigns" error={campaigns.error} />
      ) : items.length === 0 ? (
        <EmptyState icon={MegaphoneIcon} title="No campaigns yet">
          Text many leads at once: choose them with the leads filters, write one message, and send it now or later.
        </EmptyState>
      ) : (
        <ul className="grid gap-3">
          {items.map((c) => (
            <li key={c.id}>
              <Card>
                <CardContent className="grid gap-2 pt-6">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/campaigns/${c.id}`} className="min-w-0 flex-1 truncate font-medium underline-offset-4 hover:underline">
                      {c.name}
                    </Link>
                    <Badge variant={c.status === "sending" ? "default" : "secondary"}>{CAMPAIGN_STATUS_LABELS[c.status]}</Badge>
                  </div>
                  <p className="text-sm text-muted-foreground">
                    {c.totalRecipients - c.skippedRecipients} recipients · {c.status === "scheduled" ? "starts" : "started"}{" "}
                    {formatInZone(c.startedAt ?? c.scheduledAt, viewer.timeZone)}
                  </p>
                  <ProgressBar value={campaignDonePercent(c.progress)} label={`${c.name}: share sent`} />
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasNextPage={campaigns.hasNextPage} isFetchingNextPage={campaigns.isFetchingNextPage} onLoadMore={() => void campaigns.fetchNextPage()} />
    </div>
  );
}
