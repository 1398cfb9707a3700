"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { describeScopes } from "./scopes";

type ApiKey = RouterOutputs["apiKeys"]["list"][number];
const COLUMNS = 7;

function keyStatus(key: ApiKey): { label: string; variant: "success" | "secondary" | "destructive"; usable: boolean } {
  if (key.revokedAt) return { label: "Revoked", variant: "destructive", usable: false };
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) {
    return { label: "Expired", variant: "secondary", usable: false };
  }
  return { label: "Active", variant: "success", usable: true };
}

/** The workspace's API keys (never the keys themselves: their prefix), with their access and use. */
export function ApiKeysTable() {
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());

  return (
    <Table>
      <TableCaption>API keys</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Access</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.isPending ? (
          <TableSkeletonRows columns={COLUMNS} label="Loading API keys" />
        ) : keys.isError ? (
          <TableMessageRow columns={COLUMNS} tone="error">
            API keys could not be loaded: {keys.error.message}
          </TableMessageRow>
        ) : keys.data.length === 0 ? (
          <TableMessageRow columns={COLUMNS}>
            No API keys yet. Create one to connect a website form or another system.
          </TableMessageRow>
        ) : (
          keys.data.map((key) => <ApiKeyRow key={key.id} apiKey={key} />)
        )}
      </TableBody>
    </Table>
  );
}

function ApiKeyRow({ apiKey }: { apiKey: ApiKey }) {
  const status = keyStatus(apiKey);
  return (
    <TableRow>
      <TableCell className="font-medium">{apiKey.name}</TableCell>
      <TableCell>
        <code className="font-mono text-xs">{apiKey.prefix}…</code>
      </TableCell>
      <TableCell>
        <ul className="flex max-w-xs flex-wrap gap-1">
          {describeScopes(apiKey.scopes).map((scope) => (
            <li key={scope}>
              <Badge variant="outline">{scope}</Badge>
            </li>
          ))}
        </ul>
      </TableCell>
      <TableCell>
        <Badge variant={status.variant}>{status.label}</Badge>
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={apiKey.lastUsedAt} fallback="Never" /></TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={apiKey.expiresAt} fallback="Never" /></TableCell>
      <TableCell className="text-right">{status.usable ? <RevokeApiKeyButton apiKey={apiKey} /> : null}</TableCell>
    </TableRow>
  );
}

function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions());

  return (
    <ConfirmButton
      label="Revoke"
      ariaLabel={`Revoke ${apiKey.name}`}
      title={`Revoke ${apiKey.name}?`}
      description="Requests with this key are refused at once. This cannot be undone."
      confirmLabel="Revoke key"
      onConfirm={async () => {
        await revoke.mutateAsync({ id: apiKey.id });
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      }}
    />
  );
}
