"use client";

import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { LoadMore } from "@/components/data/load-more";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes, formatCount, IMPORT_STATUS, importHref, isTransient } from "./import-format";
import { DownloadReportButton } from "./import-results";

type ImportItem = RouterOutputs["imports"]["list"]["items"][number];
const COLUMNS = 6;

/** The workspace's imports, newest first; refreshed while any is being read or imported. */
export function ImportsTable({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const imports = useInfiniteQuery(
    trpc.imports.list.infiniteQueryOptions(
      { limit: 20 },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((i) => isTransient(i.status))) ? 2_000 : false),
      },
    ),
  );
  const items = imports.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="past-imports" className="grid gap-2">
      <h2 id="past-imports" className="text-lg font-semibold">
        Past imports
      </h2>
      <Table>
        <TableCaption>Imports of this workspace, newest first</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>File</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Progress</TableHead>
            <TableHead>Results</TableHead>
            <TableHead>Started by</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {imports.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading imports" />
          ) : imports.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Imports could not be loaded: {imports.error.message}
            </TableMessageRow>
          ) : items.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>No imports yet.</TableMessageRow>
          ) : (
            items.map((item) => <ImportRow key={item.id} item={item} canManage={canManage} />)
          )}
        </TableBody>
      </Table>
      <LoadMore hasNextPage={imports.hasNextPage} isFetchingNextPage={imports.isFetchingNextPage} onLoadMore={() => void imports.fetchNextPage()} />
    </section>
  );
}

function ImportRow({ item, canManage }: { item: ImportItem; canManage: boolean }) {
  const { label, variant } = IMPORT_STATUS[item.status];
  const started = item.status === "queued" || item.status === "running" || item.status === "completed" || item.startedAt !== null;
  return (
    <TableRow>
      <TableCell>
        <div className="grid gap-0.5">
          {canManage ? (
            <Link href={importHref(item.id)} className="font-medium text-primary underline-offset-4 hover:underline">
              {item.fileName}
            </Link>
          ) : (
            <span className="font-medium">{item.fileName}</span>
          )}
          <span className="text-xs text-muted-foreground">
            {formatBytes(item.sizeBytes)}
            {item.totalRows !== null ? ` · ${formatCount(item.totalRows)} rows` : ""} · <ZonedTime value={item.createdAt} />
          </span>
        </div>
      </TableCell>
      <TableCell>
        <div className="grid max-w-64 gap-1">
          <Badge variant={variant}>{label}</Badge>
          {item.error ? <span className="text-xs text-destructive">{item.error}</span> : null}
        </div>
      </TableCell>
      <TableCell className="w-40">
        {started || item.status === "analyzing" ? <ProgressBar value={item.progress} label={`Progress of import ${item.fileName}`} /> : "—"}
      </TableCell>
      <TableCell className="text-xs tabular-nums">
        {started ? (
          <span>
            {formatCount(item.createdCount)} created · {formatCount(item.updatedCount)} updated · {formatCount(item.skippedCount)} skipped ·{" "}
            {formatCount(item.errorCount)} not imported
          </span>
        ) : (
          "—"
        )}
      </TableCell>
      <TableCell className="text-muted-foreground">{item.requestedBy?.name ?? "—"}</TableCell>
      <TableCell className="text-right">
        {item.status === "completed" && item.errorCount + item.skippedCount > 0 ? <DownloadReportButton id={item.id} size="sm" label={`Download the report of ${item.fileName}`} /> : null}
      </TableCell>
    </TableRow>
  );
}
