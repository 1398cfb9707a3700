"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LockIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { InvitationStatusBadge } from "./invitation-status-badge";

type Invitation = RouterOutputs["invitations"]["list"][number];
const COLUMNS = 7;

/** The workspace's invitation codes with their usage and status; active ones can be deactivated. */
export function InvitationsTable() {
  const trpc = useTRPC();
  const invitations = useQuery(trpc.invitations.list.queryOptions());

  return (
    <Table>
      <TableCaption>Invitation codes</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Code</TableHead>
          <TableHead>Uses</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>Created by</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {invitations.isPending ? (
          <TableSkeletonRows columns={COLUMNS} label="Loading invitations" />
        ) : invitations.isError ? (
          <TableMessageRow columns={COLUMNS} tone="error">
            Invitations could not be loaded: {invitations.error.message}
          </TableMessageRow>
        ) : invitations.data.length === 0 ? (
          <TableMessageRow columns={COLUMNS}>
            No invitations yet. Create one to let your team join this workspace.
          </TableMessageRow>
        ) : (
          invitations.data.map((invitation) => <InvitationRow key={invitation.id} invitation={invitation} />)
        )}
      </TableBody>
    </Table>
  );
}

function InvitationRow({ invitation }: { invitation: Invitation }) {
  return (
    <TableRow>
      <TableCell>
        <div className="flex items-center gap-2">
          <code className="font-mono font-semibold tracking-wider">{invitation.code}</code>
          {invitation.requiresPassword ? (
            <LockIcon className="size-3.5 text-muted-foreground" aria-label="Needs a password" role="img" />
          ) : null}
          {invitation.status === "active" ? (
            <CopyButton value={invitation.code} label="Copy" variant="ghost" aria-label={`Copy code ${invitation.code}`} />
          ) : null}
        </div>
      </TableCell>
      <TableCell className="whitespace-nowrap tabular-nums">
        {invitation.uses} / {invitation.maxUses ?? "∞"}
      </TableCell>
      <TableCell>
        <InvitationStatusBadge status={invitation.status} />
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={invitation.expiresAt} fallback="Never" /></TableCell>
      <TableCell className="text-muted-foreground">{invitation.createdBy?.name ?? "—"}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={invitation.createdAt} /></TableCell>
      <TableCell className="text-right">
        {invitation.status === "active" ? <DeactivateInvitationButton invitation={invitation} /> : null}
      </TableCell>
    </TableRow>
  );
}

function DeactivateInvitationButton({ invitation }: { invitation: Invitation }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deactivate = useMutation(trpc.invitations.deactivate.mutationOptions());

  return (
    <ConfirmButton
      label="Deactivate"
      ariaLabel={`Deactivate ${invitation.code}`}
      title={`Deactivate ${invitation.code}?`}
      description="Nobody can join with this code afterwards. People who already joined stay."
      confirmLabel="Deactivate"
      onConfirm={async () => {
        await deactivate.mutateAsync({ id: invitation.id });
        await queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
      }}
    />
  );
}
