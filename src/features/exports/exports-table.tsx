"use client";

import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";
import { LoadMore } from "@/components/data/load-more";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import type { ExportDataset } from "@/schemas/exports";
import { ProgressBar } from "@/components/ui/progress-bar";
import { DATASET_LABELS } from "./create-export-form";

type DataExport = RouterOutputs["exports"]["list"]["items"][number];
const COLUMNS = 7;

const STATUS: Record<DataExport["status"], { label: string; variant: "default" | "secondary" | "success" | "destructive" }> = {
  queued: { label: "Queued", variant: "secondary" },
  running: { label: "Running", variant: "default" },
  completed: { label: "Ready", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  expired: { label: "Expired", variant: "secondary" },
};

function formatSize(bytes: number | null): string {
  if (bytes === null) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The workspace's exports, newest first; refreshed while any is queued or running. */
export function ExportsTable() {
  const trpc = useTRPC();
  const exportsQuery = useInfiniteQuery(
    trpc.exports.list.infiniteQueryOptions(
      { limit: 25 },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) =>
          query.state.data?.pages.some((p) => p.items.some((e) => e.status === "queued" || e.status === "running")) ? 2_000 : false,
      },
    ),
  );
  const items = exportsQuery.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <Table>
        <TableCaption>Exports</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>File</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Progress</TableHead>
            <TableHead>Rows</TableHead>
            <TableHead>Size</TableHead>
            <TableHead>Expires</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {exportsQuery.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading exports" />
          ) : exportsQuery.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Exports could not be loaded: {exportsQuery.error.message}
            </TableMessageRow>
          ) : items.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>No exports yet.</TableMessageRow>
          ) : (
            items.map((item) => <ExportRow key={item.id} item={item} />)
          )}
        </TableBody>
      </Table>
      <LoadMore
        hasNextPage={exportsQuery.hasNextPage}
        isFetchingNextPage={exportsQuery.isFetchingNextPage}
        onLoadMore={() => void exportsQuery.fetchNextPage()}
      />
    </>
  );
}

function ExportRow({ item }: { item: DataExport }) {
  const { label, variant } = STATUS[item.status];
  return (
    <TableRow>
      <TableCell>
        <div className="grid gap-1">
          <span className="font-mono text-xs">{item.fileName}</span>
          <span className="text-xs text-muted-foreground">
            {(item.datasets as ExportDataset[]).map((d) => DATASET_LABELS[d] ?? d).join(", ")} · {item.format.toUpperCase()}
            {item.includePdfSummary ? " · PDF summary" : ""} · <ZonedTime value={item.createdAt} />
          </span>
        </div>
      </TableCell>
      <TableCell>
        <div className="grid gap-1">
          <Badge variant={variant}>{label}</Badge>
          {item.error ? <span className="text-xs text-destructive">{item.error}</span> : null}
        </div>
      </TableCell>
      <TableCell>
        <ProgressBar className="w-36" value={item.status === "completed" ? 100 : item.progress} label={`Progress of export #${item.id}`} />
      </TableCell>
      <TableCell className="tabular-nums">{item.rowCount ?? "—"}</TableCell>
      <TableCell className="tabular-nums">{formatSize(item.sizeBytes)}</TableCell>
      <TableCell className="whitespace-nowrap text-xs text-muted-foreground"><ZonedTime value={item.expiresAt} /></TableCell>
      <TableCell className="text-right">{item.status === "completed" ? <DownloadButton item={item} /> : null}</TableCell>
    </TableRow>
  );
}

function DownloadButton({ item }: { item: DataExport }) {
  const trpc = useTRPC();
  const download = useMutation(trpc.exports.download.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid justify-items-end gap-1">
      <Button
        size="sm"
        variant="outline"
        aria-label={`Download ${item.fileName}`}
        disabled={download.isPending}
        onClick={async () => {
          setError(null);
          try {
            const { url } = await download.mutateAsync({ id: item.id });
            window.location.assign(url);
          } catch (e) {
            setError(e instanceof Error ? e.message : "The download could not start.");
          }
        }}
      >
        Download
      </Button>
      {error ? <span role="alert" className="text-xs text-destructive">{error}</span> : null}
    </div>
  );
}
