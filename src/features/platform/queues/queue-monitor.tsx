"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { LoadMore } from "@/components/data/load-more";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { JOB_QUEUE_NAMES } from "@/schemas/jobs";

type QueueName = (typeof JOB_QUEUE_NAMES)[number];
type QueueSummary = RouterOutputs["platform"]["queues"]["overview"]["queues"][number];
type FailedJob = RouterOutputs["platform"]["queues"]["failed"]["items"][number];

const COUNT_LABELS: { key: keyof QueueSummary["counts"]; label: string }[] = [
  { key: "waiting", label: "Waiting" },
  { key: "active", label: "Active" },
  { key: "delayed", label: "Delayed" },
  { key: "completed", label: "Completed" },
  { key: "failed", label: "Failed" },
  { key: "paused", label: "Paused" },
];

/** Every queue's counts and throughput (refreshed every 5 s), and each queue's failed jobs with Retry. */
export function QueueMonitor() {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.platform.queues.overview.queryOptions(), refetchInterval: 5_000 });

  return (
    <div className="grid gap-8">
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {overview.isPending
          ? JOB_QUEUE_NAMES.map((name) => <Skeleton key={name} className="h-48" />)
          : overview.isError
            ? <p className="text-sm text-destructive">Queues could not be loaded: {overview.error.message}</p>
            : overview.data.queues.map((queue) => <QueueCard key={queue.name} queue={queue} />)}
      </div>
      {JOB_QUEUE_NAMES.map((name) => (
        <FailedJobsTable key={name} queue={name} />
      ))}
    </div>
  );
}

function QueueCard({ queue }: { queue: QueueSummary }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <code className="font-mono">{queue.name}</code>
          {queue.paused ? <Badge variant="secondary">Paused</Badge> : null}
        </CardTitle>
        <CardDescription>
          {queue.completedLast5Min} completed in the last 5 min · {queue.completedLastHour} in the last hour
        </CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-3 gap-3 text-sm">
          {COUNT_LABELS.map(({ key, label }) => (
            <div key={key}>
              <dt className="text-muted-foreground">{label}</dt>
              <dd className={key === "failed" && queue.counts.failed > 0 ? "font-semibold text-destructive" : "font-semibold"}>
                {queue.counts[key]}
              </dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}

const COLUMNS = 6;

function FailedJobsTable({ queue }: { queue: QueueName }) {
  const trpc = useTRPC();
  const failed = useInfiniteQuery(
    trpc.platform.queues.failed.infiniteQueryOptions(
      { queue, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = failed.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby={`failed-${queue}`} className="grid gap-2">
      <h2 id={`failed-${queue}`} className="text-lg font-semibold">
        Failed jobs in <code className="font-mono">{queue}</code>
      </h2>
      <Table>
        <TableCaption>Failed jobs in the {queue} queue</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Job</TableHead>
            <TableHead>Error</TableHead>
            <TableHead>Attempts</TableHead>
            <TableHead>Failed</TableHead>
            <TableHead>Data</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {failed.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label={`Loading failed jobs of ${queue}`} />
          ) : failed.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Failed jobs could not be loaded: {failed.error.message}
            </TableMessageRow>
          ) : items.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>No failed jobs kept in this queue.</TableMessageRow>
          ) : (
            items.map((job) => <FailedJobRow key={job.id} queue={queue} job={job} />)
          )}
        </TableBody>
      </Table>
      <LoadMore hasNextPage={failed.hasNextPage} isFetchingNextPage={failed.isFetchingNextPage} onLoadMore={() => void failed.fetchNextPage()} />
    </section>
  );
}

function FailedJobRow({ queue, job }: { queue: QueueName; job: FailedJob }) {
  const ids = Object.entries(job.dataIds);
  return (
    <TableRow>
      <TableCell>
        <div className="grid gap-1">
          <code className="font-mono text-xs">{job.name}</code>
          <span className="text-xs text-muted-foreground">{job.id}</span>
        </div>
      </TableCell>
      <TableCell className="max-w-sm text-sm text-destructive">{job.error ?? "—"}</TableCell>
      <TableCell>{job.attempts}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={job.failedAt} /></TableCell>
      <TableCell className="text-xs text-muted-foreground">
        {job.subAccountId ? <div>Workspace #{job.subAccountId}</div> : null}
        {job.jobRunId ? <div>Run #{job.jobRunId}</div> : null}
        {ids.map(([key, value]) => (
          <div key={key}>
            {key}: {Array.isArray(value) ? value.join(", ") : value}
          </div>
        ))}
        {!job.subAccountId && !job.jobRunId && ids.length === 0 ? "—" : null}
      </TableCell>
      <TableCell className="text-right">
        <RetryFailedJobButton queue={queue} job={job} />
      </TableCell>
    </TableRow>
  );
}

function RetryFailedJobButton({ queue, job }: { queue: QueueName; job: FailedJob }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(trpc.platform.queues.retry.mutationOptions());
  return (
    <ConfirmButton
      label="Retry"
      ariaLabel={`Retry job ${job.id}`}
      title={`Run ${job.name} again?`}
      description="The job starts over from its first attempt."
      confirmLabel="Retry job"
      onConfirm={async () => {
        await retry.mutateAsync({ queue, jobId: job.id });
        await queryClient.invalidateQueries({ queryKey: trpc.platform.queues.pathKey() });
      }}
    />
  );
}
