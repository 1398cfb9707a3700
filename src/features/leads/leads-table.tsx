"use client";

import { useState } from "react";
import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, FileUpIcon, FilterIcon, PlusIcon } from "lucide-react";

import type { LeadSortField, ListLeadsInput } from "@/schemas/leads";
import { useTRPC } from "@/trpc/react";
import { LoadMore } from "@/components/data/load-more";
import { SearchInput } from "@/components/data/search-input";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { parseZonedInput } from "@/lib/time";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { MemberSelect } from "@/features/crm/member-select";
import { useViewer } from "@/features/crm/use-viewer";
import { StrategySelect } from "@/features/strategies/strategy-select";
import { LeadFormDialog } from "./lead-form-dialog";
import { LeadStatusBadge } from "./lead-status";
import { LeadStatusSelect } from "./lead-status-select";

export type LeadRow = RouterOutputs["leads"]["list"]["items"][number];
const COLUMNS = 6;
const ALL = "all";
const NONE = "none";

interface Filters {
  status: string;
  owner: string;
  strategy: string;
  from: string;
  to: string;
  archived: boolean;
}
const NO_FILTERS: Filters = { status: ALL, owner: ALL, strategy: ALL, from: "", to: "", archived: false };

function toInput(filters: Filters, zone: string): Omit<ListLeadsInput, "cursor" | "limit" | "sortBy" | "sortDir" | "search"> {
  const from = parseZonedInput(filters.from, zone);
  const to = parseZonedInput(filters.to, zone, { endOfDay: true });
  return {
    status: filters.status === ALL ? undefined : (filters.status as ListLeadsInput["status"]),
    ownerId: filters.owner === ALL ? undefined : filters.owner === NONE ? null : Number(filters.owner),
    strategyId: filters.strategy === ALL ? undefined : Number(filters.strategy),
    created: from || to ? { from, to } : undefined,
    archived: filters.archived,
  };
}

/** The leads page: search, filters, sortable columns, "Load more", the "New lead" dialog and the way to imports. */
export function LeadsTable() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebouncedValue(search.trim());
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [rangeError, setRangeError] = useState<string>();
  const [sort, setSort] = useState<{ by: LeadSortField; dir: "asc" | "desc" }>({ by: "createdAt", dir: "desc" });
  const [creating, setCreating] = useState(false);

  const leads = useInfiniteQuery(
    trpc.leads.list.infiniteQueryOptions(
      { limit: 25, search: debouncedSearch || undefined, ...toInput(filters, viewer.timeZone), sortBy: sort.by, sortDir: sort.dir },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = leads.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = debouncedSearch !== "" || JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  function apply(event: React.FormEvent) {
    event.preventDefault();
    const from = parseZonedInput(draft.from, viewer.timeZone);
    const to = parseZonedInput(draft.to, viewer.timeZone, { endOfDay: true });
    if (from && to && from > to) {
      setRangeError("The end date must be on or after the start date");
      return;
    }
    setRangeError(undefined);
    setFilters(draft);
  }

  function clear() {
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
    setRangeError(undefined);
  }

  function sortBy(field: LeadSortField) {
    setSort((current) =>
      current.by === field ? { by: field, dir: current.dir === "asc" ? "desc" : "asc" } : { by: field, dir: field === "createdAt" ? "desc" : "asc" },
    );
  }

  const set = <K extends keyof Filters>(key: K) => (value: Filters[K]) => setDraft((current) => ({ ...current, [key]: value }));

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput label="Search leads" placeholder="Search name, email, phone or company" value={search} onChange={setSearch} className="max-w-sm" />
        <div className="flex gap-2">
          {/* Members only see past imports there; starting one is for managers. */}
          <Button variant="outline" asChild>
            <Link href="/leads/import">
              <FileUpIcon aria-hidden="true" />
              {viewer.isManager ? "Import" : "Imports"}
            </Link>
          </Button>
          <Button onClick={() => setCreating(true)}>
            <PlusIcon aria-hidden="true" />
            New lead
          </Button>
        </div>
      </div>
      <LeadFormDialog open={creating} onOpenChange={setCreating} defaultOwnerId={viewer.memberId} />

      <form
        onSubmit={apply}
        aria-label="Filter leads"
        className="flex flex-wrap items-end gap-3 rounded-xl border bg-card p-4 shadow-xs"
      >
        <FormField id="leads-filter-status" label="Status" className="w-40">
          <LeadStatusSelect value={draft.status} onValueChange={set("status")} extraOptions={[{ value: ALL, label: "Any status" }]} />
        </FormField>
        <FormField id="leads-filter-owner" label="Owner" className="w-44">
          <MemberSelect
            value={draft.owner}
            onValueChange={set("owner")}
            extraOptions={[
              { value: ALL, label: "Anyone" },
              { value: NONE, label: "Nobody" },
            ]}
          />
        </FormField>
        <FormField id="leads-filter-strategy" label="Strategy" className="w-48">
          <StrategySelect value={draft.strategy} onValueChange={set("strategy")} extraOptions={[{ value: ALL, label: "Any strategy" }]} />
        </FormField>
        <FormField id="leads-filter-from" label="Created from" className="w-40">
          <Input type="date" value={draft.from} onChange={(event) => set("from")(event.target.value)} />
        </FormField>
        <FormField id="leads-filter-to" label="Created to" error={rangeError} className="w-40">
          <Input type="date" value={draft.to} onChange={(event) => set("to")(event.target.value)} />
        </FormField>
        <div className="flex h-9 items-center gap-2">
          <Checkbox id="leads-filter-archived" checked={draft.archived} onCheckedChange={(checked) => set("archived")(checked === true)} />
          <Label htmlFor="leads-filter-archived">Archived only</Label>
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">
            <FilterIcon aria-hidden="true" />
            Apply
          </Button>
          <Button type="button" variant="ghost" onClick={clear}>
            Clear
          </Button>
        </div>
      </form>

      <Table>
        <TableCaption>{filters.archived ? "Archived leads" : "Leads"}</TableCaption>
        <TableHeader>
          <TableRow>
            <SortableHead label="Name" field="name" sort={sort} onSort={sortBy} />
            <TableHead>Contact</TableHead>
            <SortableHead label="Status" field="status" sort={sort} onSort={sortBy} />
            <TableHead>Owner</TableHead>
            <TableHead>Strategy</TableHead>
            <SortableHead label="Created" field="createdAt" sort={sort} onSort={sortBy} />
          </TableRow>
        </TableHeader>
        <TableBody>
          {leads.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading leads" />
          ) : leads.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Leads could not be loaded: {leads.error.message}
            </TableMessageRow>
          ) : rows.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>
              {filtered
                ? "No lead matches these filters."
                : filters.archived
                  ? "No archived leads."
                  : "No leads yet. Leads from your forms, calls and messages will be listed here; add one with “New lead”."}
            </TableMessageRow>
          ) : (
            rows.map((lead) => (
              <TableRow key={lead.id}>
                <TableCell>
                  <div className="grid gap-0.5">
                    <Link href={`/leads/${lead.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                      {lead.name}
                    </Link>
                    {lead.company ? <span className="text-xs text-muted-foreground">{lead.company}</span> : null}
                  </div>
                </TableCell>
                <TableCell>
                  <div className="grid gap-0.5 text-xs text-muted-foreground">
                    <span>{lead.email ?? "—"}</span>
                    <span className="tabular-nums">{lead.phone ?? ""}</span>
                  </div>
                </TableCell>
                <TableCell>
                  <LeadStatusBadge status={lead.status} />
                </TableCell>
                <TableCell className="text-muted-foreground">{lead.owner?.name ?? "Nobody"}</TableCell>
                <TableCell className="text-muted-foreground">{lead.strategy?.name ?? "—"}</TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={lead.createdAt} display="date" /></TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <LoadMore
        hasNextPage={leads.hasNextPage}
        isFetchingNextPage={leads.isFetchingNextPage}
        onLoadMore={() => void leads.fetchNextPage()}
      />
    </div>
  );
}

function SortableHead({
  label,
  field,
  sort,
  onSort,
}: {
  label: string;
  field: LeadSortField;
  sort: { by: LeadSortField; dir: "asc" | "desc" };
  onSort: (field: LeadSortField) => void;
}) {
  const active = sort.by === field;
  const Icon = !active ? ArrowUpDownIcon : sort.dir === "asc" ? ArrowUpIcon : ArrowDownIcon;
  return (
    <TableHead aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
      <button
        type="button"
        onClick={() => onSort(field)}
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
      >
        {label}
        <Icon className="size-3.5" aria-hidden="true" />
        <span className="sr-only">{active ? `, sorted ${sort.dir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
      </button>
    </TableHead>
  );
}
