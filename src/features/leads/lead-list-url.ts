import { LEAD_SORT_FIELDS, LEAD_STATUSES, type LeadFilters, type LeadSortField } from "@/schemas/leads";
import { dayKey, parseZonedInput } from "@/lib/time";

/**
 * The leads list's state lives in the page's address (search, filters, sort and the saved selection last applied),
 * so a reload, the back button and a shared link show the same list. These read and write it.
 */
export const ALL = "all";
export const NONE = "none";

/** The filter form's values: selects hold "all" / "none" / an id, dates are days on the viewer's clock. */
export interface FilterValues {
  status: string;
  owner: string;
  strategy: string;
  from: string;
  to: string;
  archived: boolean;
}
export const NO_FILTERS: FilterValues = { status: ALL, owner: ALL, strategy: ALL, from: "", to: "", archived: false };

export interface LeadListState {
  search: string;
  filters: FilterValues;
  sort: { by: LeadSortField; dir: "asc" | "desc" };
  /** The saved selection last applied (its filters may have been changed since). */
  selectionId: number | null;
}

const ID = /^[1-9]\d{0,8}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readListState(params: URLSearchParams): LeadListState {
  const status = params.get("status") ?? "";
  const owner = params.get("owner") ?? "";
  const strategy = params.get("strategy") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const sortBy = params.get("sort") ?? "";
  const selection = params.get("selection") ?? "";
  return {
    search: (params.get("q") ?? "").slice(0, 120),
    filters: {
      status: (LEAD_STATUSES as readonly string[]).includes(status) ? status : ALL,
      owner: owner === NONE || ID.test(owner) ? owner : ALL,
      strategy: ID.test(strategy) ? strategy : ALL,
      from: DAY.test(from) ? from : "",
      to: DAY.test(to) ? to : "",
      archived: params.get("archived") === "1",
    },
    sort: {
      by: (LEAD_SORT_FIELDS as readonly string[]).includes(sortBy) ? (sortBy as LeadSortField) : "createdAt",
      dir: params.get("dir") === "asc" ? "asc" : params.get("dir") === "desc" ? "desc" : sortBy && sortBy !== "createdAt" ? "asc" : "desc",
    },
    selectionId: ID.test(selection) ? Number(selection) : null,
  };
}

export function listStateQuery(state: LeadListState): string {
  const params = new URLSearchParams();
  const f = state.filters;
  if (state.search.trim()) params.set("q", state.search.trim());
  if (f.status !== ALL) params.set("status", f.status);
  if (f.owner !== ALL) params.set("owner", f.owner);
  if (f.strategy !== ALL) params.set("strategy", f.strategy);
  if (f.from) params.set("from", f.from);
  if (f.to) params.set("to", f.to);
  if (f.archived) params.set("archived", "1");
  if (state.sort.by !== "createdAt" || state.sort.dir !== "desc") {
    params.set("sort", state.sort.by);
    params.set("dir", state.sort.dir);
  }
  if (state.selectionId !== null) params.set("selection", String(state.selectionId));
  return params.toString();
}

/** The filters as leads.list and a saved selection take them; days are read on the viewer's clock. */
export function toLeadFilters(search: string, filters: FilterValues, zone: string): LeadFilters {
  const from = parseZonedInput(filters.from, zone);
  const to = parseZonedInput(filters.to, zone, { endOfDay: true });
  return {
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(filters.status !== ALL ? { status: filters.status as LeadFilters["status"] } : {}),
    ...(filters.owner === NONE ? { ownerId: null } : filters.owner !== ALL ? { ownerId: Number(filters.owner) } : {}),
    ...(filters.strategy !== ALL ? { strategyId: Number(filters.strategy) } : {}),
    ...(from || to ? { created: { ...(from ? { from } : {}), ...(to ? { to } : {}) } } : {}),
    archived: filters.archived,
  };
}

/** A saved selection's filters as the list's search and form values (its dates as days on the viewer's clock). */
export function fromLeadFilters(filters: LeadFilters, zone: string): { search: string; filters: FilterValues } {
  return {
    search: filters.search ?? "",
    filters: {
      status: filters.status ?? ALL,
      owner: filters.ownerId === null ? NONE : filters.ownerId !== undefined ? String(filters.ownerId) : ALL,
      strategy: filters.strategyId !== undefined ? String(filters.strategyId) : ALL,
      from: filters.created?.from ? dayKey(new Date(filters.created.from), zone) : "",
      to: filters.created?.to ? dayKey(new Date(filters.created.to), zone) : "",
      archived: filters.archived,
    },
  };
}

/** Whether two sets of list filters name the same leads (as the form shows them). */
export function sameFilters(a: { search: string; filters: FilterValues }, b: { search: string; filters: FilterValues }): boolean {
  return a.search.trim() === b.search.trim() && JSON.stringify(a.filters) === JSON.stringify(b.filters);
}
