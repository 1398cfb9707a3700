import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { LEAD_STATUSES, type LeadSortField, type LeadStatusValue, type ListLeadsInput } from "@/schemas/leads";
import { leadScalarFields } from "./lead-fields";
import { containsText } from "@/server/db/text-search";

// The list reads owners and strategies itself, both at once, instead of Prisma's two sequential relation queries.
const listFields = leadScalarFields;


/**
 * Keyset pagination over (sortKey, id): the cursor is the last row's sort key and id, base64url-encoded
 * with the sort it belongs to, so a page never repeats or skips a row when others are added meanwhile.
 */
type SortKey = string; // createdAt as ISO text, the name, or the status
interface Cursor {
  sortBy: LeadSortField;
  sortDir: "asc" | "desc";
  key: SortKey;
  id: number;
}

export function encodeLeadCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sortBy, cursor.sortDir, cursor.key, cursor.id])).toString("base64url");
}

function decodeCursor(raw: string, sortBy: LeadSortField, sortDir: "asc" | "desc"): Cursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    decoded = null;
  }
  const parts = Array.isArray(decoded) ? (decoded as unknown[]) : [];
  const [cursorSort, cursorDir, key, id] = parts;
  const valid =
    parts.length === 4 &&
    typeof key === "string" &&
    typeof id === "number" &&
    Number.isInteger(id) &&
    id > 0 &&
    (cursorSort !== "createdAt" || !Number.isNaN(Date.parse(key))) &&
    (cursorSort !== "status" || (LEAD_STATUSES as readonly string[]).includes(key));
  if (!valid) throw AppError.field("cursor", "This page link is not valid. Start again from the first page.");
  if (cursorSort !== sortBy || cursorDir !== sortDir) {
    throw AppError.field("cursor", "This page link belongs to another sort order. Start again from the first page.");
  }
  return { sortBy, sortDir, key, id };
}

/** Phone-like text ("(201) 555-01") also matches the stored E.164 digits. */
function searchWhere(search: string): Prisma.LeadWhereInput {
  const digits = search.replace(/\D/g, "");
  const phoneLike = /^[\d\s()+.-]+$/.test(search) && digits.length >= 3;
  return {
    OR: [
      { name: containsText(search) },
      { email: containsText(search) },
      { phone: containsText(phoneLike ? digits : search) },
      { company: containsText(search) },
    ],
  };
}

function filterWhere(input: ListLeadsInput): Prisma.LeadWhereInput {
  const and: Prisma.LeadWhereInput[] = [{ archivedAt: input.archived ? { not: null } : null }];
  if (input.search) and.push(searchWhere(input.search));
  if (input.status) and.push({ status: input.status });
  if (input.strategyId) and.push({ strategyId: input.strategyId });
  if (input.ownerId !== undefined) and.push({ ownerId: input.ownerId });
  if (input.created?.from || input.created?.to) {
    and.push({ createdAt: { ...(input.created.from ? { gte: input.created.from } : {}), ...(input.created.to ? { lte: input.created.to } : {}) } });
  }
  return { AND: and };
}

/**
 * Rows after the cursor for createdAt and name: `key <= k AND (key < k OR id < i)` (for desc; mirrored for asc).
 * The redundant first half becomes the index condition, so a deep page seeks instead of scanning.
 */
function afterCursor(field: "createdAt" | "name", cursor: Cursor): Prisma.LeadWhereInput {
  const key = field === "createdAt" ? new Date(cursor.key) : cursor.key;
  const [inclusive, strict] = cursor.sortDir === "desc" ? (["lte", "lt"] as const) : (["gte", "gt"] as const);
  return { AND: [{ [field]: { [inclusive]: key } }, { OR: [{ [field]: { [strict]: key } }, { id: { [strict]: cursor.id } }] }] };
}

type LeadRow = Prisma.LeadGetPayload<{ select: typeof listFields }>;

const sortKeyOf = (row: LeadRow, sortBy: LeadSortField): SortKey =>
  sortBy === "createdAt" ? row.createdAt.toISOString() : sortBy === "name" ? row.name : row.status;

export async function listLeads(ctx: WorkspaceContext, input: ListLeadsInput) {
  const cursor = input.cursor ? decodeCursor(input.cursor, input.sortBy, input.sortDir) : null;
  const where = filterWhere(input);
  const take = input.limit + 1;
  const rows =
    input.sortBy === "status"
      ? await listByStatus(ctx, where, input, cursor, take)
      : await ctx.db.lead.findMany({
          where: cursor ? { AND: [where, afterCursor(input.sortBy, cursor)] } : where,
          orderBy: [{ [input.sortBy]: input.sortDir }, { id: input.sortDir }],
          take,
          select: listFields,
        });
  const items = await withOwnersAndStrategies(ctx, rows.slice(0, input.limit));
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last
      ? encodeLeadCursor({ sortBy: input.sortBy, sortDir: input.sortDir, key: sortKeyOf(last, input.sortBy), id: last.id })
      : null;
  return { items, nextCursor };
}

async function withOwnersAndStrategies(ctx: WorkspaceContext, rows: LeadRow[]) {
  const distinct = (values: (number | null)[]) => [...new Set(values.filter((v): v is number => v !== null))];
  const ownerIds = distinct(rows.map((r) => r.ownerId));
  const strategyIds = distinct(rows.map((r) => r.strategyId));
  const named = { id: true, name: true } as const;
  const [owners, strategies] = await Promise.all([
    ownerIds.length ? ctx.db.user.findMany({ where: { id: { in: ownerIds } }, select: named }) : [],
    strategyIds.length ? ctx.db.strategy.findMany({ where: { id: { in: strategyIds } }, select: named }) : [],
  ]);
  const ownerById = new Map(owners.map((o) => [o.id, o]));
  const strategyById = new Map(strategies.map((s) => [s.id, s]));
  return rows.map((row) => ({
    ...row,
    owner: row.ownerId === null ? null : (ownerById.get(row.ownerId) ?? null),
    strategy: row.strategyId === null ? null : (strategyById.get(row.strategyId) ?? null),
  }));
}

/**
 * Prisma has no < or > for enums, so the status sort walks the statuses in order, one (status, id) index
 * range at a time, until the page is full. Eight statuses at most; usually one or two queries.
 */
async function listByStatus(
  ctx: WorkspaceContext,
  where: Prisma.LeadWhereInput,
  input: ListLeadsInput,
  cursor: Cursor | null,
  take: number,
) {
  const order: readonly LeadStatusValue[] = input.sortDir === "asc" ? LEAD_STATUSES : [...LEAD_STATUSES].reverse();
  const start = cursor ? order.indexOf(cursor.key as LeadStatusValue) : 0;
  const statuses = order.slice(start).filter((s) => !input.status || s === input.status);
  const rows: LeadRow[] = [];
  for (const status of statuses) {
    const idAfter = cursor && status === cursor.key ? { id: { [input.sortDir === "asc" ? "gt" : "lt"]: cursor.id } } : {};
    rows.push(
      ...(await ctx.db.lead.findMany({
        where: { AND: [where, { status, ...idAfter }] },
        orderBy: { id: input.sortDir },
        take: take - rows.length,
        select: listFields,
      })),
    );
    if (rows.length >= take) break;
  }
  return rows;
}
