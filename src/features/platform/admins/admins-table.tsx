"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { ActiveBadge } from "@/components/data/status-badge";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { FormError } from "@/components/forms/form-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { PLATFORM_ROLE_LABELS } from "@/lib/roles";

type PlatformAdmin = RouterOutputs["platform"]["admins"]["list"][number];
const COLUMNS = 5;

/** The platform's admins; deactivating needs a confirmation and is not offered on your own row. */
export function AdminsTable({ currentAdminId }: { currentAdminId: number }) {
  const trpc = useTRPC();
  const admins = useQuery(trpc.platform.admins.list.queryOptions());
  const [actionError, setActionError] = useState<string>();

  return (
    <div className="grid gap-4">
      <FormError message={actionError} />
      <Table>
        <TableCaption>Platform admins</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Last sign-in</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {admins.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading admins" />
          ) : admins.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Admins could not be loaded: {admins.error.message}
            </TableMessageRow>
          ) : admins.data.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>No platform admins.</TableMessageRow>
          ) : (
            admins.data.map((admin) => (
              <TableRow key={admin.id}>
                <TableCell>
                  <div className="grid gap-0.5">
                    <span className="flex items-center gap-2 font-medium">
                      {admin.name}
                      {admin.id === currentAdminId ? <Badge variant="outline">You</Badge> : null}
                    </span>
                    <span className="text-xs text-muted-foreground">{admin.email}</span>
                  </div>
                </TableCell>
                <TableCell>{PLATFORM_ROLE_LABELS[admin.role as keyof typeof PLATFORM_ROLE_LABELS] ?? admin.role}</TableCell>
                <TableCell>
                  <ActiveBadge active={admin.isActive} inactiveLabel="Deactivated" />
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  <ZonedTime value={admin.lastLoginAt} fallback="Never" />
                </TableCell>
                <TableCell className="text-right">
                  {admin.id === currentAdminId ? null : <AdminActiveButton admin={admin} onError={setActionError} />}
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}

function AdminActiveButton({
  admin,
  onError,
}: {
  admin: PlatformAdmin;
  onError: (message: string | undefined) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setActive = useMutation(trpc.platform.admins.setActive.mutationOptions());

  async function apply(isActive: boolean) {
    await setActive.mutateAsync({ id: admin.id, isActive });
    await queryClient.invalidateQueries({ queryKey: trpc.platform.admins.list.queryKey() });
  }

  if (!admin.isActive) {
    return (
      <Button
        variant="outline"
        size="sm"
        disabled={setActive.isPending}
        aria-label={`Reactivate ${admin.name}`}
        onClick={() => {
          onError(undefined);
          apply(true).catch((error: Error) => onError(`${admin.name} was not reactivated: ${error.message}`));
        }}
      >
        Reactivate
      </Button>
    );
  }

  return (
    <ConfirmButton
      label="Deactivate"
      ariaLabel={`Deactivate ${admin.name}`}
      title={`Deactivate ${admin.name}?`}
      description="They are signed out everywhere and can no longer sign in to the admin console."
      confirmLabel="Deactivate admin"
      onConfirm={() => apply(false)}
    />
  );
}
