"use client";

import { useDeferredValue, useState } from "react";
import Link from "next/link";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { InboxIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { EmptyState } from "@/components/empty-state";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { SearchInput } from "@/components/data/search-input";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useViewer } from "@/features/crm/use-viewer";
import { formatDateTime } from "@/lib/time";
import { BackToForms } from "./builder/form-builder";
import { formatDuration } from "./form-analytics";
import { ExportSubmissions } from "./export-submissions";

/** A form's submissions, newest first: searchable by answer or lead, each with the lead it became; export to a file. */
export function FormSubmissions({ formId }: { formId: number }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const form = useQuery(trpc.forms.get.queryOptions({ id: formId }));
  const submissions = useInfiniteQuery(
    trpc.forms.submissions.infiniteQueryOptions(
      { formId, limit: 20, search: deferred || undefined },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const items = submissions.data?.pages.flatMap((p) => p.items) ?? [];
  const total = submissions.data?.pages[0]?.total;

  return (
    <div className="grid min-w-0 gap-4">
      <BackToForms />
      <PageHeader
        title={form.data ? `${form.data.name}: submissions` : "Submissions"}
        description={total === undefined ? undefined : `${total} ${total === 1 ? "submission" : "submissions"}${deferred ? " match" : ""}.`}
        actions={viewer.isManager ? <ExportSubmissions formId={formId} /> : undefined}
      />
      <SearchInput label="Search answers, names and emails" value={search} onChange={setSearch} className="sm:max-w-md" />
      {submissions.isPending ? (
        <Skeleton className="h-40 w-full" role="status" aria-label="Loading submissions" />
      ) : submissions.isError ? (
        <QueryError what="The submissions" error={submissions.error} />
      ) : items.length === 0 ? (
        <EmptyState icon={InboxIcon} title={deferred ? "No submission matches" : "No submissions yet"}>
          {deferred ? "Try other words: the search looks in the answers and the lead's name and email." : "Share the form: each submission shows here with the lead it became."}
        </EmptyState>
      ) : (
        <ul className="grid gap-3" aria-busy={submissions.isFetching || undefined}>
          {items.map((s) => (
            <li key={s.id}>
              <Card>
                <CardContent className="grid gap-3 pt-6">
                  <div className="flex flex-wrap items-center gap-2">
                    {s.lead ? (
                      <Link href={`/leads/${s.lead.id}`} className="min-w-0 truncate font-medium text-primary underline-offset-4 hover:underline">
                        {s.lead.name || s.lead.email || "Lead"}
                      </Link>
                    ) : (
                      <span className="font-medium text-muted-foreground">No lead</span>
                    )}
                    {s.lead?.email ? <span className="min-w-0 truncate text-sm text-muted-foreground">{s.lead.email}</span> : null}
                    <span className="ml-auto text-sm text-muted-foreground">{formatDateTime(s.createdAt, viewer.timeZone)}</span>
                  </div>
                  <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[minmax(0,12rem)_minmax(0,1fr)]">
                    {s.answers.map((a) => (
                      <div key={a.key} className="contents">
                        <dt className="text-muted-foreground">{a.label}</dt>
                        <dd className="mb-1 break-words sm:mb-0">{a.value}</dd>
                      </div>
                    ))}
                  </dl>
                  <div className="flex flex-wrap gap-2 text-xs">
                    {s.version ? <Badge variant="secondary">Version {s.version}</Badge> : null}
                    {s.durationMs !== null ? <Badge variant="secondary">Filled in {formatDuration(s.durationMs)}</Badge> : null}
                    {s.utmSource ? <Badge variant="secondary">Source: {s.utmSource}</Badge> : null}
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasNextPage={submissions.hasNextPage} isFetchingNextPage={submissions.isFetchingNextPage} onLoadMore={() => void submissions.fetchNextPage()} />
    </div>
  );
}
