"use client";

import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { AuditFilters, type AuditFilterValues } from "./audit-filters";
import { AuditTable } from "./audit-table";

/** This workspace's audit log, filterable by action and date. */
export function WorkspaceAuditLog() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<AuditFilterValues>({});
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: 50, ...filters },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );

  return (
    <>
      <AuditFilters onApply={setFilters} />
      <AuditTable
        query={{
          entries: log.data?.pages.flatMap((page) => page.items) ?? [],
          isPending: log.isPending,
          error: log.error,
          hasNextPage: log.hasNextPage,
          isFetchingNextPage: log.isFetchingNextPage,
          fetchNextPage: () => void log.fetchNextPage(),
        }}
      />
    </>
  );
}
