/**
 * Case-insensitive "contains" for Prisma where clauses. Prisma hands `contains` to ILIKE as is, so LIKE's
 * wildcards are escaped: a search for "%" or "_" matches only those characters, not every row.
 */
export function containsText(term: string) {
  return { contains: escapeLike(term), mode: "insensitive" as const };
}

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The ILIKE pattern for "contains", for raw SQL: the same escaping as `containsText`. */
export const containsPattern = (term: string) => `%${escapeLike(term)}%`;
