"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { LoadMore } from "@/components/data/load-more";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { JOB_RUN_STATUSES, type JobRunStatusName } from "@/schemas/jobs";
import { ProgressBar } from "@/components/ui/progress-bar";
import { JobStatusBadge } from "./job-status";

type JobRun = RouterOutputs["jobs"]["list"]["items"][number];
const COLUMNS = 7;
const FILTER_LABELS: Record<JobRunStatusName, string> = { queued: "Queued", active: "Running", completed: "Completed", failed: "Failed" };

/** The workspace's background jobs, newest first; refreshed while any is still queued or running. */
export function JobRunsTable({ canRetry }: { canRetry: boolean }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<JobRunStatusName | undefined>(undefined);
  const runs = useInfiniteQuery(
    trpc.jobs.list.infiniteQueryOptions(
      { limit: 25, status },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) =>
          query.state.data?.pages.some((p) => p.items.some((r) => r.status === "queued" || r.status === "active")) ? 2_000 : false,
      },
    ),
  );
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <div role="group" aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2">
        <Button size="sm" variant={status === undefined ? "default" : "outline"} onClick={() => setStatus(undefined)}>
          All
        </Button>
        {JOB_RUN_STATUSES.map((s) => (
          <Button key={s} size="sm" variant={status === s ? "default" : "outline"} onClick={() => setStatus(s)}>
            {FILTER_LABELS[s]}
          </Button>
        ))}
      </div>
      <Table>
        <TableCaption>Background jobs</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Job</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Progress</TableHead>
            <TableHead>Result</TableHead>
            <TableHead>Started by</TableHead>
            <TableHead>Times</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {runs.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading jobs" />
          ) : runs.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Jobs could not be loaded: {runs.error.message}
            </TableMessageRow>
          ) : items.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>No background jobs {status ? "with this status" : "yet"}.</TableMessageRow>
          ) : (
            items.map((run) => <JobRunRow key={run.id} run={run} canRetry={canRetry} />)
          )}
        </TableBody>
      </Table>
      <LoadMore hasNextPage={runs.hasNextPage} isFetchingNextPage={runs.isFetchingNextPage} onLoadMore={() => void runs.fetchNextPage()} />
    </>
  );
}

function JobRunRow({ run, canRetry }: { run: JobRun; canRetry: boolean }) {
  return (
    <TableRow>
      <TableCell>
        <div className="grid gap-1">
          <code className="font-mono text-xs">{run.name}</code>
          <span className="text-xs text-muted-foreground">#{run.id} · {run.queue}</span>
        </div>
      </TableCell>
      <TableCell>
        <div className="grid gap-1">
          <JobStatusBadge status={run.status} />
          {run.attempts > 1 ? <span className="text-xs text-muted-foreground">{run.attempts} attempts</span> : null}
        </div>
      </TableCell>
      <TableCell>
        <ProgressBar className="w-36" value={run.progress} label={`Progress of job #${run.id}`} />
      </TableCell>
      <TableCell className="max-w-sm">
        {run.error ? (
          <span className="text-sm text-destructive">{run.error}</span>
        ) : run.result !== null && run.result !== undefined ? (
          <details className="text-xs">
            <summary className="cursor-pointer text-primary select-none">Show</summary>
            <pre className="mt-2 max-h-48 overflow-auto rounded-md bg-muted/50 p-2 font-mono whitespace-pre-wrap break-all">
              {JSON.stringify(run.result, null, 2)}
            </pre>
          </details>
        ) : (
          <span className="text-muted-foreground">—</span>
        )}
      </TableCell>
      <TableCell>{run.startedBy?.name ?? (run.startedByUserId ? "Removed user" : "System")}</TableCell>
      <TableCell className="whitespace-nowrap text-xs text-muted-foreground">
        <div className="grid gap-0.5">
          <span>Queued <ZonedTime value={run.createdAt} /></span>
          {run.startedAt ? <span>Started <ZonedTime value={run.startedAt} /></span> : null}
          {run.finishedAt ? <span>Finished <ZonedTime value={run.finishedAt} /></span> : null}
        </div>
      </TableCell>
      <TableCell className="text-right">{canRetry && run.status === "failed" ? <RetryJobRunButton run={run} /> : null}</TableCell>
    </TableRow>
  );
}

function RetryJobRunButton({ run }: { run: JobRun }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(trpc.jobs.retry.mutationOptions());
  return (
    <ConfirmButton
      label="Retry"
      ariaLabel={`Retry job #${run.id}`}
      title={`Run job #${run.id} again?`}
      description="The job starts over from its first attempt."
      confirmLabel="Retry job"
      onConfirm={async () => {
        await retry.mutateAsync({ id: run.id });
        await queryClient.invalidateQueries({ queryKey: trpc.jobs.list.pathKey() });
      }}
    />
  );
}
