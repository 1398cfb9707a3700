import { ShieldIcon } from "lucide-react";

import { LoadMore } from "@/components/data/load-more";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ZonedTime } from "@/features/crm/viewer-zone";

export interface AuditEntry {
  id: bigint;
  action: string;
  actorKind: "user" | "admin" | null;
  actor: { name: string; email: string } | null;
  actingAs: boolean;
  targetType: string | null;
  targetId: string | number | null;
  ip: string | null;
  changes: unknown;
  createdAt: Date;
  workspace?: { id: number; name: string } | null;
}

/** An infinite query's state, as the table needs it. */
export interface AuditQueryState {
  entries: AuditEntry[];
  isPending: boolean;
  error: { message: string } | null;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
}

/** Audit entries, newest first, with "Load more" for older ones. `showWorkspace` adds the workspace column. */
export function AuditTable({ query, showWorkspace = false }: { query: AuditQueryState; showWorkspace?: boolean }) {
  const columns = showWorkspace ? 6 : 5;
  return (
    <>
      <Table>
        <TableCaption>Audit log</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            {showWorkspace ? <TableHead>Workspace</TableHead> : null}
            <TableHead>Who</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Target</TableHead>
            <TableHead>Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {query.isPending ? (
            <TableSkeletonRows columns={columns} label="Loading the audit log" />
          ) : query.error ? (
            <TableMessageRow columns={columns} tone="error">
              The audit log could not be loaded: {query.error.message}
            </TableMessageRow>
          ) : query.entries.length === 0 ? (
            <TableMessageRow columns={columns}>No recorded actions match.</TableMessageRow>
          ) : (
            query.entries.map((entry) => <AuditRow key={String(entry.id)} entry={entry} showWorkspace={showWorkspace} />)
          )}
        </TableBody>
      </Table>
      <LoadMore
        hasNextPage={query.hasNextPage}
        isFetchingNextPage={query.isFetchingNextPage}
        onLoadMore={query.fetchNextPage}
      />
    </>
  );
}

function AuditRow({ entry, showWorkspace }: { entry: AuditEntry; showWorkspace: boolean }) {
  return (
    <TableRow data-testid="audit-entry">
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={entry.createdAt} /></TableCell>
      {showWorkspace ? <TableCell>{entry.workspace?.name ?? "Platform"}</TableCell> : null}
      <TableCell>
        <div className="grid gap-1">
          <span className="font-medium">{entry.actor?.name ?? (entry.actorKind ? "Deleted account" : "System")}</span>
          {entry.actor ? <span className="text-xs text-muted-foreground">{entry.actor.email}</span> : null}
          {entry.actingAs ? (
            <Badge variant="secondary" className="w-fit">
              <ShieldIcon aria-hidden="true" />
              Acting as admin
            </Badge>
          ) : null}
        </div>
      </TableCell>
      <TableCell>
        <code className="font-mono text-xs">{entry.action}</code>
      </TableCell>
      <TableCell className="text-muted-foreground">
        {entry.targetType ? `${entry.targetType}${entry.targetId !== null ? ` #${entry.targetId}` : ""}` : "—"}
      </TableCell>
      <TableCell>
        <AuditDetails entry={entry} />
      </TableCell>
    </TableRow>
  );
}

function AuditDetails({ entry }: { entry: AuditEntry }) {
  const hasChanges = entry.changes !== null && entry.changes !== undefined;
  if (!hasChanges && !entry.ip) return <span className="text-muted-foreground">—</span>;
  return (
    <details className="max-w-sm text-xs">
      <summary className="cursor-pointer text-primary select-none">Show</summary>
      <div className="mt-2 grid gap-1">
        {entry.ip ? <span className="text-muted-foreground">From {entry.ip}</span> : null}
        {hasChanges ? (
          <pre className="max-h-48 overflow-auto rounded-md bg-muted/50 p-2 font-mono whitespace-pre-wrap break-all">
            {JSON.stringify(entry.changes, null, 2)}
          </pre>
        ) : null}
      </div>
    </details>
  );
}
