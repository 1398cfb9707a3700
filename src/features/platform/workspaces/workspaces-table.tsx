"use client";

import { useState } from "react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { GaugeIcon, PencilIcon, Trash2Icon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { LoadMore } from "@/components/data/load-more";
import { SearchInput } from "@/components/data/search-input";
import { ActiveBadge } from "@/components/data/status-badge";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { ActInWorkspaceButton } from "./act-in-workspace-button";
import { DeleteWorkspaceDialog } from "./delete-workspace-dialog";
import { EditWorkspaceDialog } from "./edit-workspace-dialog";
import { WorkspaceLimitsDialog } from "./workspace-limits-dialog";

export type AdminWorkspace = RouterOutputs["platform"]["workspaces"]["list"]["items"][number];
const COLUMNS = 7;
const count = new Intl.NumberFormat();

/** Every workspace with its size; act in one, edit it, or delete it. */
export function WorkspacesTable() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebouncedValue(search.trim());
  const [actionError, setActionError] = useState<string>();
  const workspaces = useInfiniteQuery(
    trpc.platform.workspaces.list.infiniteQueryOptions(
      { limit: 25, search: debouncedSearch || undefined, includeInactive: true },
      // The rows stay while a new search loads: a row's open dialog is not thrown away under the person's hands.
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const rows = workspaces.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="grid gap-4">
      <SearchInput label="Search workspaces" placeholder="Search by name" value={search} onChange={setSearch} />
      <FormError message={actionError} />
      <Table>
        <TableCaption>Workspaces</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Workspace</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">Users</TableHead>
            <TableHead className="text-right">Leads</TableHead>
            <TableHead className="text-right">Bookings</TableHead>
            <TableHead>Created</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {workspaces.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading workspaces" />
          ) : workspaces.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Workspaces could not be loaded: {workspaces.error.message}
            </TableMessageRow>
          ) : rows.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>
              {debouncedSearch ? `No workspace matches “${debouncedSearch}”.` : "No workspaces yet."}
            </TableMessageRow>
          ) : (
            rows.map((workspace) => <WorkspaceRow key={workspace.id} workspace={workspace} onError={setActionError} />)
          )}
        </TableBody>
      </Table>
      <LoadMore
        hasNextPage={workspaces.hasNextPage}
        isFetchingNextPage={workspaces.isFetchingNextPage}
        onLoadMore={() => void workspaces.fetchNextPage()}
      />
    </div>
  );
}

function WorkspaceRow({
  workspace,
  onError,
}: {
  workspace: AdminWorkspace;
  onError: (message: string | undefined) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [limiting, setLimiting] = useState(false);

  return (
    <TableRow>
      <TableCell>
        <div className="grid max-w-sm gap-0.5">
          <span className="font-medium">{workspace.name}</span>
          <span className="truncate text-xs text-muted-foreground">{workspace.description || workspace.slug}</span>
        </div>
      </TableCell>
      <TableCell>
        <ActiveBadge active={workspace.isActive} />
      </TableCell>
      <TableCell className="text-right tabular-nums">{count.format(workspace.counts.users)}</TableCell>
      <TableCell className="text-right tabular-nums">{count.format(workspace.counts.leads)}</TableCell>
      <TableCell className="text-right tabular-nums">{count.format(workspace.counts.bookings)}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={workspace.createdAt} display="date" /></TableCell>
      <TableCell>
        <div className="flex justify-end gap-1">
          <ActInWorkspaceButton workspace={workspace} onError={onError} />
          <Button variant="ghost" size="icon" onClick={() => setLimiting(true)} aria-label={`Budget and limits of ${workspace.name}`}>
            <GaugeIcon aria-hidden="true" />
          </Button>
          <Button variant="ghost" size="icon" onClick={() => setEditing(true)} aria-label={`Edit ${workspace.name}`}>
            <PencilIcon aria-hidden="true" />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            className="text-destructive hover:bg-destructive/10 hover:text-destructive"
            onClick={() => setDeleting(true)}
            aria-label={`Delete ${workspace.name}`}
          >
            <Trash2Icon aria-hidden="true" />
          </Button>
        </div>
        <EditWorkspaceDialog workspace={workspace} open={editing} onOpenChange={setEditing} />
        <WorkspaceLimitsDialog workspace={workspace} open={limiting} onOpenChange={setLimiting} />
        <DeleteWorkspaceDialog workspace={workspace} open={deleting} onOpenChange={setDeleting} />
      </TableCell>
    </TableRow>
  );
}
