"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, FileUpIcon, FilterIcon, PlusIcon } from "lucide-react";

import type { LeadSortField } from "@/schemas/leads";
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
import { LeadSelectionsBar } from "./lead-selections";
import { ALL, NO_FILTERS, NONE, listStateQuery, readListState, toLeadFilters, type FilterValues, type LeadListState } from "./lead-list-url";

export type LeadRow = RouterOutputs["leads"]["list"]["items"][number];
const COLUMNS = 6;

/**
 * The leads page: search, filters, sortable columns, "Load more", saved selections, the "New lead" dialog and the way
 * to imports. What the list shows is the page's address (lead-list-url.ts): the form edits a draft, "Apply" writes it.
 */
export function LeadsTable() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const state = readListState(new URLSearchParams(params.toString()));
  const { filters, sort } = state;
  const [search, setSearch] = useState(state.search);
  const debouncedSearch = useDebouncedValue(search.trim());
  const [creating, setCreating] = useState(false);

  const go = (next: Partial<LeadListState>) => {
    const query = listStateQuery({ ...state, ...next });
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  // The search box writes the address once typing pauses, or at once when focus leaves it: a click on a lead right after
  // typing blurs the box first, so its address is written before the click navigates, and the pause's write, coming
  // later, finds nothing new to write (it would otherwise replace the lead's page with the list). An address changed
  // elsewhere (a selection applied, the back button) refills the box, unless it is the value the box itself just wrote.
  const writtenSearch = useRef(state.search);
  useEffect(() => {
    writtenSearch.current = state.search;
  }, [state.search]);
  const writeSearch = (value: string) => {
    if (value === writtenSearch.current) return;
    writtenSearch.current = value;
    go({ search: value });
  };
  useEffect(() => {
    writeSearch(debouncedSearch);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new debounced value writes the address
  }, [debouncedSearch]);
  const [seenSearch, setSeenSearch] = useState(state.search);
  if (state.search !== seenSearch) {
    setSeenSearch(state.search);
    if (state.search !== debouncedSearch) setSearch(state.search);
  }

  const input = toLeadFilters(state.search, filters, viewer.timeZone);
  const leads = useInfiniteQuery(
    trpc.leads.list.infiniteQueryOptions(
      { limit: 25, ...input, sortBy: sort.by, sortDir: sort.dir },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = leads.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = state.search !== "" || JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  function sortBy(field: LeadSortField) {
    go({ sort: sort.by === field ? { by: field, dir: sort.dir === "asc" ? "desc" : "asc" } : { by: field, dir: field === "createdAt" ? "desc" : "asc" } });
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput
          label="Search leads"
          placeholder="Search name, email, phone or company"
          value={search}
          onChange={setSearch}
          onBlur={() => writeSearch(search.trim())}
          className="max-w-sm"
        />
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

      <LeadSelectionsBar
        current={{ search: state.search, filters }}
        selectionId={state.selectionId}
        onApply={(applied) => go(applied)}
        campaignQuery={listStateQuery({ search: state.search, filters, sort: { by: "createdAt", dir: "desc" }, selectionId: null })}
      />
      <FilterForm
        key={JSON.stringify(filters)}
        applied={filters}
        onApply={(next) => go({ filters: next })}
        onClear={() => go({ filters: NO_FILTERS, selectionId: null })}
      />

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

/** The filter form: edits a draft of the applied filters; "Apply" and "Clear" write the page's address. */
function FilterForm({ applied, onApply, onClear }: { applied: FilterValues; onApply: (filters: FilterValues) => void; onClear: () => void }) {
  const viewer = useViewer();
  const [draft, setDraft] = useState<FilterValues>(applied);
  const [rangeError, setRangeError] = useState<string>();

  function apply(event: React.FormEvent) {
    event.preventDefault();
    const from = parseZonedInput(draft.from, viewer.timeZone);
    const to = parseZonedInput(draft.to, viewer.timeZone, { endOfDay: true });
    if (from && to && from > to) {
      setRangeError("The end date must be on or after the start date");
      return;
    }
    setRangeError(undefined);
    onApply(draft);
  }

  function clear() {
    setDraft(NO_FILTERS);
    setRangeError(undefined);
    onClear();
  }

  const set = <K extends keyof FilterValues>(key: K) => (value: FilterValues[K]) => setDraft((current) => ({ ...current, [key]: value }));

  return (
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
