/**
 * What a database error means, in one place. Prisma reports its own codes (P2002…) on the error itself; errors it
 * passes through from PostgreSQL (P2039 and friends, via @prisma/adapter-pg) carry the SQLSTATE in
 * `meta.driverAdapterError.cause`; raw `pg` errors carry the SQLSTATE as `code`.
 */
type DatabaseErrorShape = {
  code?: string;
  meta?: { driverAdapterError?: { cause?: { originalCode?: string; code?: string } } };
};

/** The Prisma code (P2002) or, for a PostgreSQL error, its SQLSTATE (23P01); undefined for anything else. */
export function databaseErrorCode(e: unknown): string | undefined {
  if (e === null || typeof e !== "object") return undefined;
  const { code, meta } = e as DatabaseErrorShape;
  const cause = meta?.driverAdapterError?.cause;
  return cause?.originalCode ?? cause?.code ?? code;
}

const hasCode = (e: unknown, ...codes: string[]) => {
  const code = databaseErrorCode(e);
  const own = e !== null && typeof e === "object" ? (e as DatabaseErrorShape).code : undefined;
  return codes.some((c) => c === code || c === own);
};

/** A unique constraint refused the write (Prisma P2002, SQLSTATE 23505). */
export const isUniqueViolation = (e: unknown) => hasCode(e, "P2002", "23505");

/** A foreign key refused the write: the referenced row is missing or belongs to another workspace (P2003, 23503). */
export const isForeignKeyViolation = (e: unknown) => hasCode(e, "P2003", "23503");

/** An update or delete found no row (P2025): absent, or another workspace's. */
export const isRecordNotFound = (e: unknown) => hasCode(e, "P2025");

/** An exclusion constraint refused the write, e.g. two overlapping active bookings (SQLSTATE 23P01). */
export const isExclusionViolation = (e: unknown) => hasCode(e, "23P01");

/** `FOR UPDATE NOWAIT` found the row locked by another transaction (SQLSTATE 55P03). */
export const isLockNotAvailable = (e: unknown) => hasCode(e, "55P03");
