"use client";

import { useState } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { LoadMore } from "@/components/data/load-more";
import { SearchInput } from "@/components/data/search-input";
import { ActiveBadge } from "@/components/data/status-badge";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { FormError } from "@/components/forms/form-error";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { WORKSPACE_ROLE_LABELS } from "@/lib/roles";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { MemberActions } from "./member-actions";
import { RoleSelect, type WorkspaceRole } from "./role-select";

export type Member = RouterOutputs["users"]["list"]["items"][number];

/** The workspace's members, searchable; admins change roles, (de)activate and remove members inline. */
export function MembersTable({ canManage, currentUserId }: { canManage: boolean; currentUserId: number | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebouncedValue(search.trim());
  const [actionError, setActionError] = useState<string>();

  const members = useInfiniteQuery(
    trpc.users.list.infiniteQueryOptions(
      { limit: 25, search: debouncedSearch || undefined, includeInactive: true },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const updateRole = useMutation(trpc.users.updateRole.mutationOptions());

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
  }

  async function changeRole(member: Member, role: WorkspaceRole) {
    setActionError(undefined);
    try {
      await updateRole.mutateAsync({ id: member.id, role });
    } catch (error) {
      setActionError(`${member.name}'s role was not changed: ${(error as Error).message}`);
      return;
    }
    await refresh();
  }

  const rows = members.data?.pages.flatMap((page) => page.items) ?? [];
  const columns = canManage ? 6 : 5;

  return (
    <div className="grid gap-4">
      <SearchInput label="Search members" placeholder="Search by name or email" value={search} onChange={setSearch} />
      <FormError message={actionError} />
      <Table>
        <TableCaption>Workspace members</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Last sign-in</TableHead>
            <TableHead>Added</TableHead>
            {canManage ? (
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.isPending ? (
            <TableSkeletonRows columns={columns} label="Loading members" />
          ) : members.isError ? (
            <TableMessageRow columns={columns} tone="error">
              Members could not be loaded: {members.error.message}
            </TableMessageRow>
          ) : rows.length === 0 ? (
            <TableMessageRow columns={columns}>
              {debouncedSearch ? `No member matches “${debouncedSearch}”.` : "No members yet."}
            </TableMessageRow>
          ) : (
            rows.map((member) => (
              <TableRow key={member.id}>
                <TableCell>
                  <div className="grid gap-0.5">
                    <span className="flex items-center gap-2 font-medium">
                      {member.name}
                      {member.id === currentUserId ? <Badge variant="outline">You</Badge> : null}
                    </span>
                    <span className="text-xs text-muted-foreground">{member.email}</span>
                  </div>
                </TableCell>
                <TableCell>
                  {canManage ? (
                    <RoleSelect
                      label={`Role for ${member.name}`}
                      value={member.role as WorkspaceRole}
                      onValueChange={(role) => void changeRole(member, role)}
                      disabled={updateRole.isPending}
                    />
                  ) : (
                    WORKSPACE_ROLE_LABELS[member.role as WorkspaceRole]
                  )}
                </TableCell>
                <TableCell>
                  <div className="flex flex-wrap gap-1">
                    <ActiveBadge active={member.isActive} inactiveLabel="Deactivated" />
                    {member.mustChangePassword ? <Badge variant="outline">Temporary password</Badge> : null}
                  </div>
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  <ZonedTime value={member.lastLoginAt} fallback="Never" />
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={member.createdAt} /></TableCell>
                {canManage ? (
                  <TableCell className="text-right">
                    <MemberActions member={member} onChanged={refresh} onError={setActionError} />
                  </TableCell>
                ) : null}
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <LoadMore
        hasNextPage={members.hasNextPage}
        isFetchingNextPage={members.isFetchingNextPage}
        onLoadMore={() => void members.fetchNextPage()}
      />
    </div>
  );
}
