"use client";

import { useState } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";

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
import { RoleSelect, type WorkspaceRole } from "@/features/users/role-select";
import { WorkspaceFilter } from "../workspace-filter";

type PlatformUser = RouterOutputs["platform"]["users"]["list"]["items"][number];
const COLUMNS = 6;

/** Workspace users across the platform, filterable by workspace and searchable; roles and access edited inline. */
export function PlatformUsersTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [workspaceId, setWorkspaceId] = useState<number>();
  const debouncedSearch = useDebouncedValue(search.trim());
  const [actionError, setActionError] = useState<string>();
  const users = useInfiniteQuery(
    trpc.platform.users.list.infiniteQueryOptions(
      { limit: 25, search: debouncedSearch || undefined, includeInactive: true, subAccountId: workspaceId },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const update = useMutation(trpc.platform.users.update.mutationOptions());
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];

  async function change(user: PlatformUser, patch: { role?: WorkspaceRole; isActive?: boolean }, what: string) {
    setActionError(undefined);
    try {
      await update.mutateAsync({ id: user.id, ...patch });
    } catch (error) {
      setActionError(`${user.name}: ${what} failed: ${(error as Error).message}`);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.users.list.pathKey() });
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <WorkspaceFilter id="platform-users-workspace" value={workspaceId} onChange={setWorkspaceId} />
        <SearchInput label="Search users" placeholder="Search by name or email" value={search} onChange={setSearch} />
      </div>
      <FormError message={actionError} />
      <Table>
        <TableCaption>Users across workspaces</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Workspace</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Last sign-in</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading users" />
          ) : users.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Users could not be loaded: {users.error.message}
            </TableMessageRow>
          ) : rows.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>No user matches these filters.</TableMessageRow>
          ) : (
            rows.map((user) => (
              <TableRow key={user.id}>
                <TableCell>
                  <div className="grid gap-0.5">
                    <span className="font-medium">{user.name}</span>
                    <span className="text-xs text-muted-foreground">{user.email}</span>
                  </div>
                </TableCell>
                <TableCell>{user.workspace.name}</TableCell>
                <TableCell>
                  <RoleSelect
                    label={`Role for ${user.name}`}
                    value={user.role as WorkspaceRole}
                    onValueChange={(role) => void change(user, { role }, "changing the role")}
                    disabled={update.isPending}
                  />
                </TableCell>
                <TableCell>
                  <ActiveBadge active={user.isActive} inactiveLabel="Deactivated" />
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  <ZonedTime value={user.lastLoginAt} fallback="Never" />
                </TableCell>
                <TableCell className="text-right">
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={update.isPending}
                    onClick={() =>
                      void change(user, { isActive: !user.isActive }, user.isActive ? "deactivating" : "activating")
                    }
                    aria-label={`${user.isActive ? "Deactivate" : "Activate"} ${user.name}`}
                  >
                    {user.isActive ? "Deactivate" : "Activate"}
                  </Button>
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <LoadMore
        hasNextPage={users.hasNextPage}
        isFetchingNextPage={users.isFetchingNextPage}
        onLoadMore={() => void users.fetchNextPage()}
      />
    </div>
  );
}
