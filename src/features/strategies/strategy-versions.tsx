"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { ZonedTime } from "@/features/crm/viewer-zone";

/** "qualificationQuestions" -> "Qualification questions". */
function labelOf(field: string) {
  const words = field.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every saved version of a strategy, newest first; each opens to the fields it held. */
export function StrategyVersions({ strategyId }: { strategyId: number }) {
  const trpc = useTRPC();
  const versions = useInfiniteQuery(
    trpc.strategies.versions.infiniteQueryOptions(
      { id: strategyId, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );

  if (versions.isPending) return <Skeleton className="h-24 w-full" />;
  if (versions.isError) return <QueryError what="The versions" error={versions.error} />;
  const items = versions.data.pages.flatMap((page) => page.items);

  return (
    <div className="grid gap-2">
      <ol className="grid gap-2" aria-label="Versions">
        {items.map((version) => {
          const snapshot = (version.snapshot ?? {}) as Record<string, unknown>;
          const filled = Object.entries(snapshot).filter(([, value]) => value !== null && value !== "");
          return (
            <li key={version.id} className="rounded-lg border px-3 py-2">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium whitespace-nowrap">Version {version.version}</span>
                  {version.isCurrent ? <Badge variant="success">Current</Badge> : null}
                  <span className="ml-auto text-xs text-muted-foreground"><ZonedTime value={version.createdAt} /></span>
                </summary>
                <dl className="mt-3 grid gap-2 text-xs">
                  {filled.map(([field, value]) => (
                    <div key={field} className="grid gap-0.5">
                      <dt className="font-medium text-muted-foreground">{labelOf(field)}</dt>
                      <dd className="whitespace-pre-wrap break-words">{String(value)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            </li>
          );
        })}
      </ol>
      <LoadMore hasNextPage={versions.hasNextPage} isFetchingNextPage={versions.isFetchingNextPage} onLoadMore={() => void versions.fetchNextPage()} />
    </div>
  );
}
