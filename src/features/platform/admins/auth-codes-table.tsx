"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime, useViewerTime } from "@/features/crm/viewer-zone";

type AuthCode = RouterOutputs["platform"]["authCodes"]["list"][number];
const COLUMNS = 6;

function codeStatus(code: AuthCode, formatDateTime: (value: Date) => string) {
  if (code.revokedAt) return { label: "Revoked", variant: "destructive", open: false } as const;
  if (code.usedAt) return { label: `Used ${formatDateTime(code.usedAt)}`, variant: "secondary", open: false } as const;
  if (code.expiresAt && new Date(code.expiresAt).getTime() <= Date.now()) return { label: "Expired", variant: "secondary", open: false } as const;
  return { label: "Unused", variant: "success", open: true } as const;
}

/** Registration codes issued for new platform admins (the codes themselves are never shown again). */
export function AuthCodesTable() {
  const trpc = useTRPC();
  const codes = useQuery(trpc.platform.authCodes.list.queryOptions());
  const time = useViewerTime();

  return (
    <Table>
      <TableCaption>Registration codes</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Label</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Issued by</TableHead>
          <TableHead>Issued</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {codes.isPending ? (
          <TableSkeletonRows columns={COLUMNS} label="Loading registration codes" />
        ) : codes.isError ? (
          <TableMessageRow columns={COLUMNS} tone="error">
            Registration codes could not be loaded: {codes.error.message}
          </TableMessageRow>
        ) : codes.data.length === 0 ? (
          <TableMessageRow columns={COLUMNS}>No registration codes issued yet.</TableMessageRow>
        ) : (
          codes.data.map((code) => {
            const status = codeStatus(code, time.dateTime);
            return (
              <TableRow key={code.id}>
                <TableCell className="font-medium">{code.label || <span className="text-muted-foreground">No label</span>}</TableCell>
                <TableCell>
                  <Badge variant={status.variant}>{status.label}</Badge>
                </TableCell>
                <TableCell className="text-muted-foreground">{code.createdBy?.name ?? "—"}</TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={code.createdAt} /></TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={code.expiresAt} fallback="Never" /></TableCell>
                <TableCell className="text-right">{status.open ? <RevokeAuthCodeButton code={code} /> : null}</TableCell>
              </TableRow>
            );
          })
        )}
      </TableBody>
    </Table>
  );
}

function RevokeAuthCodeButton({ code }: { code: AuthCode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(trpc.platform.authCodes.revoke.mutationOptions());
  const name = code.label || "this code";

  return (
    <ConfirmButton
      label="Revoke"
      ariaLabel={`Revoke ${name}`}
      title={`Revoke ${name}?`}
      description="Nobody can register with it afterwards."
      confirmLabel="Revoke code"
      onConfirm={async () => {
        await revoke.mutateAsync({ id: code.id });
        await queryClient.invalidateQueries({ queryKey: trpc.platform.authCodes.list.queryKey() });
      }}
    />
  );
}
