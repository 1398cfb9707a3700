"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { formatMonth } from "@/lib/time";
import { StatCard } from "@/features/crm/stat-card";
import { useViewer } from "@/features/crm/use-viewer";
import { LeadStatusBadge } from "@/features/leads/lead-status";
import { ActivityChart } from "./activity-chart";

const count = new Intl.NumberFormat();

/** This month against last (in the viewer's zone): leads, bookings, conversion; the newest leads; 30 days of activity. */
export function DashboardSummary() {
  const viewer = useViewer();
  if (viewer.isPending) return <DashboardSkeleton />;
  return <Summary zone={viewer.timeZone} />;
}

function Summary({ zone }: { zone: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.dashboard.summary.queryOptions({ timezone: zone }));

  if (summary.isPending) return <DashboardSkeleton />;
  if (summary.isError) return <QueryError what="The dashboard" error={summary.error} />;
  const data = summary.data;
  const monthName = formatMonth(data.month.start, zone);

  return (
    <div className="grid gap-6">
      <section aria-label={`${monthName} so far`} className="grid gap-4 sm:grid-cols-3">
        <StatCard label={`New leads in ${monthName}`} value={count.format(data.leads.current)} change={data.leads.changePercent} />
        <StatCard label={`Bookings made in ${monthName}`} value={count.format(data.bookings.current)} change={data.bookings.changePercent} />
        <StatCard
          label="Conversion"
          value={`${data.conversion.current}%`}
          change={data.conversion.changePercent}
          footnote={`${data.conversion.convertedCurrent} of ${data.leads.current} new leads booked or won`}
        />
      </section>

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Last 30 days</CardTitle>
            <CardDescription>New leads and bookings made per day.</CardDescription>
          </CardHeader>
          <CardContent>
            <ActivityChart series={data.series} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Recent leads</CardTitle>
            <CardDescription>
              <Link href="/leads" className="text-primary underline-offset-4 hover:underline">
                All leads
              </Link>
            </CardDescription>
          </CardHeader>
          <CardContent>
            {data.recentLeads.length === 0 ? (
              <p className="text-sm text-muted-foreground">No leads yet.</p>
            ) : (
              <ul className="grid gap-3" aria-label="Recent leads">
                {data.recentLeads.map((lead) => (
                  <li key={lead.id} className="flex items-center justify-between gap-2">
                    <div className="grid min-w-0 gap-0.5">
                      <Link href={`/leads/${lead.id}`} className="truncate text-sm font-medium underline-offset-4 hover:underline">
                        {lead.name}
                      </Link>
                      <span className="truncate text-xs text-muted-foreground">
                        {lead.company ?? lead.email ?? lead.phone ?? ""} · <ZonedTime value={lead.createdAt} display="date" />
                      </span>
                    </div>
                    <LeadStatusBadge status={lead.status} />
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

function DashboardSkeleton() {
  return (
    <div className="grid gap-6" role="status" aria-label="Loading the dashboard">
      <div className="grid gap-4 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-32 w-full" />
        ))}
      </div>
      <Skeleton className="h-80 w-full" />
    </div>
  );
}
