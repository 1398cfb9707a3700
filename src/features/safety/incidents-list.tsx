"use client";

import Link from "next/link";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ShieldCheckIcon } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ZonedTime } from "@/features/crm/viewer-zone";
import type { RouterOutputs } from "@/lib/api-types";
import { INCIDENT_FILTERS } from "@/schemas/safety";

type Incident = RouterOutputs["safety"]["incidents"]["items"][number];
type Filter = (typeof INCIDENT_FILTERS)[number];

const FILTER_LABELS: Record<Filter, string> = { open: "Open", resolved: "Resolved", all: "All" };
const SEVERITY: Record<Incident["severity"], { label: string; variant: "secondary" | "default" | "destructive" }> = {
  low: { label: "Low", variant: "secondary" },
  medium: { label: "Medium", variant: "default" },
  high: { label: "High", variant: "destructive" },
  critical: { label: "Critical", variant: "destructive" },
};

/** The safety console: the workspace's security incidents, newest first, with what a person can do about each. */
export function IncidentsList() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Filter>("open");
  const incidents = useInfiniteQuery(
    trpc.safety.incidents.infiniteQueryOptions({ status, limit: 25 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const items = incidents.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = incidents.data?.pages[0]?.counts;

  return (
    <div className="grid gap-4">
      <div role="group" aria-label="Show incidents" className="flex flex-wrap items-center gap-2">
        {INCIDENT_FILTERS.map((f) => (
          <Button key={f} size="sm" variant={status === f ? "default" : "outline"} aria-pressed={status === f} onClick={() => setStatus(f)}>
            {FILTER_LABELS[f]}
            {f === "open" && counts ? ` (${counts.open})` : null}
          </Button>
        ))}
      </div>
      {incidents.isPending ? (
        <div className="grid gap-3" aria-label="Loading incidents">
          <Skeleton className="h-32 w-full" />
          <Skeleton className="h-32 w-full" />
        </div>
      ) : incidents.isError ? (
        <QueryError what="Incidents" error={incidents.error} />
      ) : items.length === 0 ? (
        <EmptyState icon={ShieldCheckIcon} title={status === "open" ? "Nothing needs attention" : "No incidents"}>
          When a lead tries to trick the AI (asking it to ignore its instructions or to reveal them), or a reply would have revealed its
          instructions, it shows up here.
        </EmptyState>
      ) : (
        <ul className="grid gap-3" aria-label="Security incidents">
          {items.map((incident) => (
            <li key={incident.id}>
              <IncidentCard incident={incident} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasNextPage={incidents.hasNextPage} isFetchingNextPage={incidents.isFetchingNextPage} onLoadMore={() => void incidents.fetchNextPage()} />
    </div>
  );
}

function IncidentCard({ incident }: { incident: Incident }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.safety.incidents.pathKey() });
  const resolve = useMutation(trpc.safety.resolve.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.safety.resumeAi.mutationOptions({ onSuccess: refresh }));
  const severity = SEVERITY[incident.severity];
  const lead = incident.lead;

  return (
    <Card aria-label={`${incident.typeLabel}, ${lead?.name ?? "no lead"}`}>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2 pb-2">
        <div className="grid min-w-0 gap-1">
          <h2 className="text-sm font-semibold">{incident.typeLabel}</h2>
          <p className="text-xs text-muted-foreground">
            <ZonedTime value={incident.createdAt} />
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Badge variant={severity.variant}>{severity.label} severity</Badge>
          {incident.resolvedAt ? <Badge variant="success">Resolved</Badge> : null}
        </div>
      </CardHeader>
      <CardContent className="grid gap-3">
        <p className="text-sm">{incident.summary}</p>
        {incident.excerpt ? (
          <blockquote className="border-l-2 pl-3 text-sm break-words text-muted-foreground italic">
            <span className="sr-only">What the lead wrote (contact details hidden): </span>“{incident.excerpt}”
          </blockquote>
        ) : null}
        <p className="text-sm">
          Lead:{" "}
          {lead ? (
            <>
              <Link href={`/leads/${lead.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                {lead.name}
              </Link>
              {lead.aiPaused ? <span className="text-muted-foreground"> · AI paused{lead.pausedReason ? ` (${lead.pausedReason})` : ""}</span> : <span className="text-muted-foreground"> · AI on</span>}
            </>
          ) : (
            <span className="text-muted-foreground">deleted</span>
          )}
        </p>
        {incident.resolvedAt ? (
          <p className="text-xs text-muted-foreground">
            Resolved by {incident.resolvedBy ?? "someone"} <ZonedTime value={incident.resolvedAt} />
          </p>
        ) : null}
        {resolve.error || resume.error ? <p className="text-sm text-destructive">{(resolve.error ?? resume.error)!.message}</p> : null}
        <div className="flex flex-wrap gap-2">
          {!incident.resolvedAt ? (
            <Button size="sm" variant="outline" disabled={resolve.isPending} onClick={() => resolve.mutate({ id: incident.id })}>
              {resolve.isPending ? "Resolving…" : "Mark resolved"}
            </Button>
          ) : null}
          {lead?.aiPaused ? (
            <ConfirmButton
              label="Turn the AI back on"
              ariaLabel={`Turn the AI back on for ${lead.name}`}
              title={`Turn the AI back on for ${lead.name}?`}
              description="The AI answers this lead's next messages again, and this lead's open incidents are marked resolved."
              confirmLabel="Turn the AI on"
              onConfirm={async () => {
                await resume.mutateAsync({ leadId: lead.id });
              }}
            />
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
