"use client";

import { useMemo, useState } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { GitCompareIcon, RotateCcwIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { VersionDiff, displayValue, labelOf, type Snapshot } from "./version-diff";

/**
 * Every saved version of a strategy, newest first: each opens to the fields it held, compares with another version
 * (a word-level diff of the fields that differ) and can be restored (saved again as the next version).
 */
export function StrategyVersions({ strategyId, onRestored }: { strategyId: number; onRestored?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useInfiniteQuery(
    trpc.strategies.versions.infiniteQueryOptions({ id: strategyId, limit: 20 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const catalogue = useQuery(trpc.workspaceTemplate.list.queryOptions({ limit: 100 }));
  const templateNames = useMemo(() => new Map((catalogue.data?.items ?? []).map((t) => [t.id, t.name] as const)), [catalogue.data]);
  const restore = useMutation(trpc.strategies.restoreVersion.mutationOptions());
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restored, setRestored] = useState<{ from: number; to: number; templateDropped: boolean } | null>(null);

  if (versions.isPending) return <Skeleton className="h-24 w-full" />;
  if (versions.isError) return <QueryError what="The versions" error={versions.error} />;
  const items = versions.data.pages.flatMap((page) => page.items);
  const current = items.find((v) => v.isCurrent);
  const byVersion = new Map(items.map((v) => [v.version, v]));
  const snapshotOf = (version: number) => (byVersion.get(version)?.snapshot ?? {}) as Snapshot;

  async function confirmRestore(version: number) {
    const result = await restore.mutateAsync({ id: strategyId, version });
    setRestored({ from: version, to: result.currentVersion, templateDropped: result.templateDropped });
    setCompare(null);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.strategies.versions.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.strategies.get.queryKey({ id: strategyId }) }),
    ]);
    onRestored?.();
  }

  return (
    <div className="grid gap-3">
      {restored ? (
        <Alert variant="success">
          <AlertDescription>
            Version {restored.from} restored as version {restored.to}.
            {restored.templateDropped ? " Its prompt template is no longer in the catalogue, so the workspace default applies." : ""}
          </AlertDescription>
        </Alert>
      ) : null}
      {compare ? (
        <section aria-label="Compare versions" className="grid gap-3 rounded-lg border p-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <label className="flex items-center gap-1">
              From
              <select
                className="rounded-md border bg-background px-2 py-1"
                value={compare.from}
                onChange={(e) => setCompare({ ...compare, from: Number(e.target.value) })}
                aria-label="Compare from version"
              >
                {items.map((v) => (
                  <option key={v.id} value={v.version}>
                    Version {v.version}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-1">
              to
              <select
                className="rounded-md border bg-background px-2 py-1"
                value={compare.to}
                onChange={(e) => setCompare({ ...compare, to: Number(e.target.value) })}
                aria-label="Compare to version"
              >
                {items.map((v) => (
                  <option key={v.id} value={v.version}>
                    Version {v.version}
                    {v.isCurrent ? " (current)" : ""}
                  </option>
                ))}
              </select>
            </label>
            <Button type="button" size="sm" variant="ghost" className="ml-auto" onClick={() => setCompare(null)}>
              Close
            </Button>
          </div>
          <p className="text-xs text-muted-foreground">
            <del className="bg-destructive/10 text-destructive">Removed</del> and <ins className="bg-success/15 text-success">added</ins> words, from version {compare.from} to version {compare.to}.
          </p>
          <VersionDiff from={snapshotOf(compare.from)} to={snapshotOf(compare.to)} templateNames={templateNames} />
        </section>
      ) : null}
      <ol className="grid gap-2" aria-label="Versions">
        {items.map((version) => {
          const snapshot = (version.snapshot ?? {}) as Snapshot;
          const filled = Object.entries(snapshot).filter(([field, value]) => displayValue(field, value, templateNames) !== "");
          return (
            <li key={version.id} className="rounded-lg border px-3 py-2">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium whitespace-nowrap">Version {version.version}</span>
                  {version.isCurrent ? <Badge variant="success">Current</Badge> : null}
                  <span className="ml-auto text-xs text-muted-foreground">
                    <ZonedTime value={version.createdAt} />
                  </span>
                </summary>
                {!version.isCurrent && current ? (
                  <div className="mt-3 flex flex-wrap gap-2">
                    <Button type="button" size="sm" variant="outline" onClick={() => setCompare({ from: version.version, to: current.version })}>
                      <GitCompareIcon aria-hidden="true" />
                      Compare with current
                    </Button>
                    <Button type="button" size="sm" variant="outline" onClick={() => setRestoring(version.version)}>
                      <RotateCcwIcon aria-hidden="true" />
                      Restore
                    </Button>
                  </div>
                ) : null}
                <dl className="mt-3 grid gap-2 text-xs">
                  {filled.map(([field, value]) => (
                    <div key={field} className="grid gap-0.5">
                      <dt className="font-medium text-muted-foreground">{labelOf(field)}</dt>
                      <dd className="whitespace-pre-wrap break-words">{displayValue(field, value, templateNames)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            </li>
          );
        })}
      </ol>
      <LoadMore hasNextPage={versions.hasNextPage} isFetchingNextPage={versions.isFetchingNextPage} onLoadMore={() => void versions.fetchNextPage()} />
      <ConfirmDialog
        open={restoring !== null}
        onOpenChange={(open) => !open && setRestoring(null)}
        title={`Restore version ${restoring ?? ""}?`}
        description={`Its fields are saved as a new version${current ? ` (version ${current.version + 1})` : ""}; every earlier version stays in the history. New conversations use it at once.`}
        confirmLabel="Restore"
        destructive={false}
        onConfirm={() => confirmRestore(restoring!)}
      />
    </div>
  );
}
