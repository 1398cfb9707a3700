import { Prisma, type LeadStatus } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { LEAD_STATUSES, type LeadSortField, type ListLeadsInput } from "@/schemas/leads";
import { containsPattern } from "@/server/db/text-search";
import { dateTimeSchema, idSchema, isStorableText } from "@/schemas/common";

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
    key.length <= 200 &&
    isStorableText(key) &&
    typeof id === "number" &&
    idSchema.safeParse(id).success &&
    (cursorSort !== "createdAt" || dateTimeSchema.safeParse(key).success) &&
    (cursorSort !== "status" || (LEAD_STATUSES as readonly string[]).includes(key));
  if (!valid) throw AppError.field("cursor", "This page link is not valid. Start again from the first page.");
  if (cursorSort !== sortBy || cursorDir !== sortDir) {
    throw AppError.field("cursor", "This page link belongs to another sort order. Start again from the first page.");
  }
  return { sortBy, sortDir, key, id };
}

/**
 * A lead's searchable text: name, email, phone and company joined by a separator no search term contains. It is the
 * expression of the trigram index "Lead_search_text_idx" (migration lead_search_text): change both together.
 */
const SEARCH_TEXT = Prisma.sql`(l.name || E'\\x1f' || COALESCE(l.email, '') || E'\\x1f' || COALESCE(l.phone, '') || E'\\x1f' || COALESCE(l.company, ''))`;

/** Phone-like text ("(201) 555-01") also matches the stored E.164 digits. */
function searchCondition(search: string): Prisma.Sql {
  const term = search.replace(/[\u0000-\u001f]/g, "");
  const digits = term.replace(/\D/g, "");
  const phoneLike = /^[\d\s()+.-]+$/.test(term) && digits.length >= 3;
  const text = Prisma.sql`${SEARCH_TEXT} ILIKE ${containsPattern(term)}`;
  return phoneLike && digits !== term ? Prisma.sql`(${text} OR ${SEARCH_TEXT} ILIKE ${containsPattern(digits)})` : text;
}

/** The WHERE conditions of the leads list filters on alias `l` (also how a campaign picks its recipients). */
export function filterConditions(input: Pick<ListLeadsInput, "archived" | "search" | "status" | "strategyId" | "ownerId" | "created">): Prisma.Sql[] {
  const and = [input.archived ? Prisma.sql`l."archivedAt" IS NOT NULL` : Prisma.sql`l."archivedAt" IS NULL`];
  if (input.search) and.push(searchCondition(input.search));
  if (input.status) and.push(Prisma.sql`l.status = ${input.status}::"LeadStatus"`);
  if (input.strategyId) and.push(Prisma.sql`l."strategyId" = ${input.strategyId}`);
  if (input.ownerId === null) and.push(Prisma.sql`l."ownerId" IS NULL`);
  else if (input.ownerId !== undefined) and.push(Prisma.sql`l."ownerId" = ${input.ownerId}`);
  if (input.created?.from) and.push(Prisma.sql`l."createdAt" >= ${input.created.from}`);
  if (input.created?.to) and.push(Prisma.sql`l."createdAt" <= ${input.created.to}`);
  return and;
}

const SORT_COLUMNS = { createdAt: Prisma.raw(`l."createdAt"`), name: Prisma.raw("l.name"), status: Prisma.raw("l.status") } as const;

/**
 * Rows after the cursor: `key <= k AND (key < k OR id < i)` (for desc; mirrored for asc), whose redundant first
 * half becomes the index condition, so a deep page seeks instead of scanning. The status enum compares as a row.
 */
function afterCursor(cursor: Cursor): Prisma.Sql {
  const column = SORT_COLUMNS[cursor.sortBy];
  const [inclusive, strict] = cursor.sortDir === "desc" ? [Prisma.raw("<="), Prisma.raw("<")] : [Prisma.raw(">="), Prisma.raw(">")];
  if (cursor.sortBy === "status") return Prisma.sql`(l.status, l.id) ${strict} (${cursor.key}::"LeadStatus", ${cursor.id})`;
  const key = cursor.sortBy === "createdAt" ? new Date(cursor.key) : cursor.key;
  return Prisma.sql`${column} ${inclusive} ${key} AND (${column} ${strict} ${key} OR l.id ${strict} ${cursor.id})`;
}

interface LeadListRow {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  position: string | null;
  source: string | null;
  customId: string | null;
  status: LeadStatus;
  timezone: string | null;
  conversationState: Prisma.JsonValue;
  aiPaused: boolean;
  lastMessageAt: Date | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  ownerId: number | null;
  strategyId: number | null;
  ownerRefId: number | null;
  ownerName: string | null;
  strategyRefId: number | null;
  strategyName: string | null;
}

/**
 * One query per page: the lead columns with the owner's and strategy's names by LEFT JOIN on the workspace's
 * composite keys, keyset-paginated on (sort key, id).
 */
export async function listLeads(ctx: WorkspaceContext, input: ListLeadsInput) {
  const cursor = input.cursor ? decodeCursor(input.cursor, input.sortBy, input.sortDir) : null;
  const conditions = filterConditions(input);
  if (cursor) conditions.push(afterCursor(cursor));
  const dir = Prisma.raw(input.sortDir === "asc" ? "ASC" : "DESC");
  const rows = await ctx.db.$queryWorkspace<LeadListRow>(
    (workspaceId) => Prisma.sql`SELECT l.id, l.name, l.email, l.phone, l.company, l.position, l.source, l."customId",
        l.status::text AS status, l.timezone, l."conversationState", l."aiPaused", l."lastMessageAt", l."archivedAt",
        l."createdAt", l."updatedAt", l."ownerId", l."strategyId",
        o.id AS "ownerRefId", o.name AS "ownerName", s.id AS "strategyRefId", s.name AS "strategyName"
      FROM "Lead" l
      LEFT JOIN "User" o ON o."subAccountId" = l."subAccountId" AND o.id = l."ownerId"
      LEFT JOIN "Strategy" s ON s."subAccountId" = l."subAccountId" AND s.id = l."strategyId"
      WHERE l."subAccountId" = ${workspaceId} AND ${Prisma.join(conditions, " AND ")}
      ORDER BY ${SORT_COLUMNS[input.sortBy]} ${dir}, l.id ${dir}
      LIMIT ${input.limit + 1}`,
  );
  const items = rows.slice(0, input.limit).map(toListItem);
  const last = items.at(-1);
  const nextCursor =
    rows.length > input.limit && last
      ? encodeLeadCursor({ sortBy: input.sortBy, sortDir: input.sortDir, key: sortKeyOf(last, input.sortBy), id: last.id })
      : null;
  return { items, nextCursor };
}

/** The lead as every lead answer carries it (`leadFields`), built field by field: no rest-spread per row. */
const toListItem = (row: LeadListRow) => ({
  id: row.id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  company: row.company,
  position: row.position,
  source: row.source,
  customId: row.customId,
  status: row.status,
  timezone: row.timezone,
  conversationState: row.conversationState,
  aiPaused: row.aiPaused,
  lastMessageAt: row.lastMessageAt,
  archivedAt: row.archivedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  ownerId: row.ownerId,
  strategyId: row.strategyId,
  owner: row.ownerRefId === null ? null : { id: row.ownerRefId, name: row.ownerName! },
  strategy: row.strategyRefId === null ? null : { id: row.strategyRefId, name: row.strategyName! },
});

const sortKeyOf = (row: Pick<LeadListRow, "createdAt" | "name" | "status">, sortBy: LeadSortField): SortKey =>
  sortBy === "createdAt" ? row.createdAt.toISOString() : sortBy === "name" ? row.name : row.status;
