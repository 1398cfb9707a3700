"use client";

import { useState } from "react";
import Link from "next/link";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, PauseIcon, PlayIcon, XIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CAMPAIGN_RECIPIENT_VIEWS } from "@/schemas/campaigns";
import { useViewer } from "@/features/crm/use-viewer";
import { CAMPAIGN_POLL_MS, useLiveCampaigns } from "./use-live-campaigns";
import { CAMPAIGN_STATUS_LABELS, campaignDonePercent, formatInZone, RECIPIENT_STATE_LABELS, SKIP_REASON_LABELS } from "./campaign-labels";

type View = (typeof CAMPAIGN_RECIPIENT_VIEWS)[number];
const VIEW_LABELS: Record<View, string> = { all: "Everyone", waiting: "Waiting", sent: "Sent", delivered: "Delivered", failed: "Not delivered", skipped: "Skipped or cancelled" };

/** One campaign: live progress, pause / resume / cancel, and where each recipient stands. */
export function CampaignDetail({ campaignId }: { campaignId: number }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const queryClient = useQueryClient();
  const { streaming } = useLiveCampaigns(true);
  const campaign = useQuery(
    trpc.campaigns.get.queryOptions(
      { id: campaignId },
      { refetchInterval: (q) => (!streaming && q.state.data && ["scheduled", "sending"].includes(q.state.data.status) ? CAMPAIGN_POLL_MS : false) },
    ),
  );

  const pause = useMutation(trpc.campaigns.pause.mutationOptions());
  const resume = useMutation(trpc.campaigns.resume.mutationOptions());
  const cancel = useMutation(trpc.campaigns.cancel.mutationOptions());
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [error, setError] = useState<string>();

  if (campaign.isPending) return <Skeleton className="h-96 w-full" role="status" aria-label="Loading the campaign" />;
  if (campaign.isError) return <QueryError what="This campaign" error={campaign.error} />;
  const c = campaign.data;
  const p = c.progress;
  const live = c.status === "scheduled" || c.status === "sending";

  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError((e as Error).message);
    }
    await queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
  }

  const stats: Array<[string, number]> = [
    ["Waiting", p.waiting],
    ["Sending", p.sending],
    ["Sent", p.sent],
    ["Delivered", p.delivered],
    ["Not delivered", p.failed],
    ["Skipped", p.skipped],
    ["Cancelled", p.cancelled],
  ];

  return (
    <>
      <Button variant="ghost" size="sm" asChild className="mb-2">
        <Link href="/campaigns">
          <ArrowLeftIcon aria-hidden="true" />
          Campaigns
        </Link>
      </Button>
      <PageHeader
        title={c.name}
        description={
          <>
            <Badge variant={c.status === "sending" ? "default" : "secondary"}>{CAMPAIGN_STATUS_LABELS[c.status]}</Badge>{" "}
            {c.status === "scheduled" ? "Starts" : "Started"} {formatInZone(c.startedAt ?? c.scheduledAt, c.timezone)}
            {viewer.timeZone !== c.timezone ? ` (${formatInZone(c.startedAt ?? c.scheduledAt, viewer.timeZone)} for you)` : ""}
          </>
        }
        actions={
          viewer.isManager ? (
            <>
              {live ? (
                <Button variant="outline" disabled={pause.isPending} onClick={() => void run(() => pause.mutateAsync({ id: c.id }))}>
                  <PauseIcon aria-hidden="true" />
                  Pause
                </Button>
              ) : null}
              {c.status === "paused" ? (
                <Button disabled={resume.isPending} onClick={() => void run(() => resume.mutateAsync({ id: c.id }))}>
                  <PlayIcon aria-hidden="true" />
                  Resume
                </Button>
              ) : null}
              {live || c.status === "paused" ? (
                <Button variant="destructive" onClick={() => setConfirmCancel(true)}>
                  <XIcon aria-hidden="true" />
                  Cancel
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <FormError message={error} />
      {/* minmax(0, 1fr): the recipients table scrolls inside its card instead of widening every card past a phone's width. */}
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Progress</CardTitle>
            <CardDescription>
              Texts go out at your number&apos;s sending pace and wait outside quiet hours. {live ? "This page updates by itself." : ""}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <ProgressBar value={campaignDonePercent(p)} label="Share of the texts sent" />
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
              {stats.map(([label, n]) => (
                <div key={label} className="rounded-md border px-3 py-2">
                  <dt className="text-xs text-muted-foreground">{label}</dt>
                  <dd className="text-lg font-semibold tabular-nums">{n.toLocaleString("en-US")}</dd>
                </div>
              ))}
            </dl>
            {p.skipped > 0 ? (
              <p className="text-sm text-muted-foreground">
                Skipped:{" "}
                {Object.entries(p.skippedByReason)
                  .filter(([, n]) => n > 0)
                  .map(([reason, n]) => `${SKIP_REASON_LABELS[reason as keyof typeof SKIP_REASON_LABELS]} (${n})`)
                  .join(", ")}
              </p>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Message</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3">
            <p className="text-sm whitespace-pre-wrap break-words">{c.body}</p>
            <AudienceNote audience={c.audience} />
          </CardContent>
        </Card>
        <Recipients campaignId={c.id} live={live} streaming={streaming} />
      </div>
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this campaign?"
        description="Leads still waiting will not be texted. Texts already sent stay sent. This cannot be undone."
        confirmLabel="Cancel the campaign"
        onConfirm={async () => {
          await cancel.mutateAsync({ id: c.id });
          await queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
        }}
      />
    </>
  );
}

function Recipients({ campaignId, live, streaming }: { campaignId: number; live: boolean; streaming: boolean }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const [view, setView] = useState<View>("all");
  const recipients = useInfiniteQuery(
    trpc.campaigns.recipients.infiniteQueryOptions(
      { campaignId, view, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: live && !streaming ? CAMPAIGN_POLL_MS : false },
    ),
  );
  const items = recipients.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle className="text-base">Recipients</CardTitle>
        <Select value={view} onValueChange={(v) => setView(v as View)}>
          <SelectTrigger className="w-48" aria-label="Show recipients">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {CAMPAIGN_RECIPIENT_VIEWS.map((v) => (
              <SelectItem key={v} value={v}>
                {VIEW_LABELS[v]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </CardHeader>
      <CardContent>
        {recipients.isPending ? (
          <Skeleton className="h-32 w-full" role="status" aria-label="Loading recipients" />
        ) : recipients.isError ? (
          <QueryError what="The recipients" error={recipients.error} />
        ) : items.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nobody here.</p>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Lead</TableHead>
                  <TableHead>Number</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="hidden sm:table-cell">Handed over ({viewer.timeZone})</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      {r.leadId ? (
                        <Link className="underline-offset-4 hover:underline" href={`/inbox?lead=${r.leadId}`}>
                          {r.leadName}
                        </Link>
                      ) : (
                        <span className="text-muted-foreground">Deleted lead</span>
                      )}
                    </TableCell>
                    <TableCell className="tabular-nums">{r.phone ?? "—"}</TableCell>
                    <TableCell>
                      {RECIPIENT_STATE_LABELS[r.state]}
                      {r.skipReason ? <span className="block text-xs text-muted-foreground">{SKIP_REASON_LABELS[r.skipReason as keyof typeof SKIP_REASON_LABELS]}</span> : null}
                      {r.reason ? <span className="block text-xs text-muted-foreground">{r.reason}</span> : null}
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">{formatInZone(r.queuedAt, viewer.timeZone)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <LoadMore hasNextPage={recipients.hasNextPage} isFetchingNextPage={recipients.isFetchingNextPage} onLoadMore={() => void recipients.fetchNextPage()} />
      </CardContent>
    </Card>
  );
}

/** Where the recipients came from; a saved selection is named with what its copy means. */
function AudienceNote({ audience }: { audience: unknown }) {
  const a = audience as { kind?: string; selection?: { name?: unknown } } | null;
  if (a?.kind === "leads") return <p className="text-xs text-muted-foreground">Recipients: leads chosen one by one.</p>;
  if (a?.kind === "filters" && typeof a.selection?.name === "string") {
    return (
      <p className="text-xs text-muted-foreground">
        Recipients: the saved selection “{a.selection.name}” as it was when this campaign was scheduled. The campaign keeps its own copy of
        those filters, so editing or deleting the selection does not change it.
      </p>
    );
  }
  return <p className="text-xs text-muted-foreground">Recipients: the leads that matched the chosen filters when this campaign was scheduled.</p>;
}
