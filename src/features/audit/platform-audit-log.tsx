"use client";

import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { WorkspaceFilter } from "@/features/platform/workspace-filter";
import { AuditFilters, type AuditFilterValues } from "./audit-filters";
import { AuditTable } from "./audit-table";

/** The audit log of every workspace and of the platform itself, filterable by workspace, action and date. */
export function PlatformAuditLog() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<AuditFilterValues>({});
  const [workspaceId, setWorkspaceId] = useState<number>();
  const log = useInfiniteQuery(
    trpc.platform.audit.list.infiniteQueryOptions(
      { limit: 50, ...filters, subAccountId: workspaceId },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );

  return (
    <>
      <AuditFilters
        onApply={setFilters}
        extra={<WorkspaceFilter id="audit-workspace" value={workspaceId} onChange={setWorkspaceId} />}
      />
      <AuditTable
        showWorkspace
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
