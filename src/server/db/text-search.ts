/**
 * Case-insensitive "contains" for Prisma where clauses. Prisma hands `contains` to ILIKE as is, so LIKE's
 * wildcards are escaped: a search for "%" or "_" matches only those characters, not every row.
 */
export function containsText(term: string) {
  return { contains: term.replace(/[\\%_]/g, (c) => `\\${c}`), mode: "insensitive" as const };
}
