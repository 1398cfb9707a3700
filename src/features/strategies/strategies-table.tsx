"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, Trash2Icon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { LoadMore } from "@/components/data/load-more";
import { SearchInput } from "@/components/data/search-input";
import { ActiveBadge } from "@/components/data/status-badge";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { FormError } from "@/components/forms/form-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { useDebouncedValue } from "@/lib/use-debounced-value";

type StrategyRow = RouterOutputs["strategies"]["list"]["items"][number];
const COLUMNS = 6;
const ACTIVITY = { all: undefined, active: true, inactive: false } as const;
type Activity = keyof typeof ACTIVITY;

/** The workspace's strategies; managers duplicate, (de)activate and delete them inline. */
export function StrategiesTable() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebouncedValue(search.trim());
  const [activity, setActivity] = useState<Activity>("all");
  const [actionError, setActionError] = useState<string>();
  const strategies = useInfiniteQuery(
    trpc.strategies.list.infiniteQueryOptions(
      { limit: 25, search: debouncedSearch || undefined, isActive: ACTIVITY[activity] },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = strategies.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <SearchInput label="Search strategies" placeholder="Search name, description or tag" value={search} onChange={setSearch} />
        <Select value={activity} onValueChange={(next) => setActivity(next as Activity)}>
          <SelectTrigger aria-label="Show strategies" className="w-40">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All strategies</SelectItem>
            <SelectItem value="active">Active only</SelectItem>
            <SelectItem value="inactive">Inactive only</SelectItem>
          </SelectContent>
        </Select>
      </div>
      <FormError message={actionError} />
      <Table>
        <TableCaption>Strategies</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Strategy</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">Version</TableHead>
            <TableHead className="text-right">Leads</TableHead>
            <TableHead>Updated</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {strategies.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading strategies" />
          ) : strategies.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Strategies could not be loaded: {strategies.error.message}
            </TableMessageRow>
          ) : rows.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>
              {debouncedSearch || activity !== "all"
                ? "No strategy matches."
                : "No strategies yet. A strategy tells your AI receptionist how to greet, qualify and book a kind of lead."}
            </TableMessageRow>
          ) : (
            rows.map((strategy) => <StrategyRowView key={strategy.id} strategy={strategy} onError={setActionError} />)
          )}
        </TableBody>
      </Table>
      <LoadMore
        hasNextPage={strategies.hasNextPage}
        isFetchingNextPage={strategies.isFetchingNextPage}
        onLoadMore={() => void strategies.fetchNextPage()}
      />
    </div>
  );
}

function StrategyRowView({ strategy, onError }: { strategy: StrategyRow; onError: (message: string | undefined) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const duplicate = useMutation(trpc.strategies.duplicate.mutationOptions());
  const activate = useMutation(trpc.strategies.activate.mutationOptions());
  const deactivate = useMutation(trpc.strategies.deactivate.mutationOptions());
  const remove = useMutation(trpc.strategies.delete.mutationOptions());
  const [deleting, setDeleting] = useState(false);

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: trpc.strategies.list.pathKey() });
  }

  async function run(what: string, action: () => Promise<unknown>) {
    onError(undefined);
    try {
      await action();
    } catch (error) {
      onError(`${strategy.name} was not ${what}: ${(error as Error).message}`);
      return false;
    }
    await refresh();
    return true;
  }

  return (
    <TableRow>
      <TableCell>
        <div className="grid max-w-md gap-0.5">
          <span className="flex items-center gap-2">
            <Link href={`/strategies/${strategy.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
              {strategy.name}
            </Link>
            {strategy.tag ? <Badge variant="outline">{strategy.tag}</Badge> : null}
          </span>
          {strategy.description ? <span className="truncate text-xs text-muted-foreground">{strategy.description}</span> : null}
        </div>
      </TableCell>
      <TableCell>
        <ActiveBadge active={strategy.isActive} />
      </TableCell>
      <TableCell className="text-right tabular-nums">v{strategy.currentVersion}</TableCell>
      <TableCell className="text-right tabular-nums">{strategy.leadCount}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={strategy.updatedAt} /></TableCell>
      <TableCell>
        <div className="flex justify-end gap-1">
          <Button
            variant="outline"
            size="sm"
            disabled={activate.isPending || deactivate.isPending}
            aria-label={`${strategy.isActive ? "Deactivate" : "Activate"} ${strategy.name}`}
            onClick={() =>
              void run(strategy.isActive ? "deactivated" : "activated", () =>
                strategy.isActive ? deactivate.mutateAsync({ id: strategy.id }) : activate.mutateAsync({ id: strategy.id }),
              )
            }
          >
            {strategy.isActive ? "Deactivate" : "Activate"}
          </Button>
          <Button
            variant="ghost"
            size="icon"
            disabled={duplicate.isPending}
            aria-label={`Duplicate ${strategy.name}`}
            onClick={() =>
              void run("duplicated", async () => {
                const copy = await duplicate.mutateAsync({ id: strategy.id });
                router.push(`/strategies/${copy.id}`);
              })
            }
          >
            <CopyIcon aria-hidden="true" />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            className="text-destructive hover:bg-destructive/10 hover:text-destructive"
            aria-label={`Delete ${strategy.name}`}
            onClick={() => setDeleting(true)}
          >
            <Trash2Icon aria-hidden="true" />
          </Button>
        </div>
        <ConfirmDialog
          open={deleting}
          onOpenChange={setDeleting}
          title={`Delete ${strategy.name}?`}
          description={
            strategy.leadCount > 0
              ? `${strategy.leadCount} lead${strategy.leadCount === 1 ? " uses" : "s use"} it; they stay, without a strategy. Its versions are deleted too.`
              : "The strategy and its versions are deleted for good."
          }
          confirmLabel="Delete strategy"
          onConfirm={async () => {
            await remove.mutateAsync({ id: strategy.id });
            await refresh();
          }}
        />
      </TableCell>
    </TableRow>
  );
}
