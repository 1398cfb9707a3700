/**
 * What a database error means, in one place. Prisma reports its own codes (P2002…) on the error itself; errors it
 * passes through from PostgreSQL (P2039 and friends, via @prisma/adapter-pg) carry the SQLSTATE in
 * `meta.driverAdapterError.cause`; a bare DriverAdapterError (thrown as is by a transaction's COMMIT) carries it in its
 * own `cause`; raw `pg` errors carry the SQLSTATE as `code`.
 */
type AdapterCause = { originalCode?: string; code?: string; kind?: string };
type DatabaseErrorShape = {
  name?: string;
  code?: string;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: AdapterCause } };
};

/** The driver adapter's description of the error, wrapped by Prisma or bare. */
function adapterCause(e: object): AdapterCause | undefined {
  const { name, cause, meta } = e as DatabaseErrorShape;
  if (meta?.driverAdapterError?.cause) return meta.driverAdapterError.cause;
  if (name === "DriverAdapterError" && cause !== null && typeof cause === "object") return cause as AdapterCause;
  return undefined;
}

/** The Prisma code (P2002) or, for a PostgreSQL error, its SQLSTATE (23P01); undefined for anything else. */
export function databaseErrorCode(e: unknown): string | undefined {
  if (e === null || typeof e !== "object") return undefined;
  const cause = adapterCause(e);
  return cause?.originalCode ?? cause?.code ?? (e as DatabaseErrorShape).code;
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

// Prisma's codes for a server it cannot reach or that went away (P1001 unreachable, P1002 timed out, P1008 operation
// timed out, P1017 server closed the connection, P2024 pool timeout, P2037 too many connections); PostgreSQL's
// connection exceptions (class 08), shutting down or starting (57P01-57P03) and too many clients (53300).
const UNAVAILABLE_CODE = /^(P1001|P1002|P1008|P1017|P2024|P2037|08...|57P0[123]|53300)$/;
// Prisma's driver-adapter error kinds for the same situations.
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// Socket errors pg reports as `code`, and pg's messages for a connection that is gone.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const CONNECTION_GONE = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i;

/**
 * PostgreSQL could not be reached, or went away mid-request (restart, failover, admin shutdown): nothing about the
 * request was wrong, and trying again later may succeed.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (e === null || typeof e !== "object") return false;
  const code = databaseErrorCode(e) ?? "";
  const own = (e as DatabaseErrorShape).code ?? "";
  const kind = adapterCause(e)?.kind;
  const message = (e as { message?: unknown }).message;
  return (
    UNAVAILABLE_CODE.test(code) ||
    UNAVAILABLE_CODE.test(own) ||
    (kind !== undefined && UNAVAILABLE_KINDS.has(kind)) ||
    SOCKET_CODES.has(own) ||
    (typeof message === "string" && CONNECTION_GONE.test(message))
  );
}

/**
 * PostgreSQL could not take a value as given: text with a NUL byte or broken encoding (22021, 22P05), a number beyond
 * its column's type (22003, Prisma P2020), a date or time out of range or malformed (22008, 22007). The input
 * vocabulary (src/schemas/common.ts) refuses such values first; this is the net behind it.
 */
export const isUnstorableValue = (e: unknown) => hasCode(e, "22021", "22P05", "22003", "P2020", "22008", "22007");

/** Which kind of value PostgreSQL refused, for naming the field: text, a number or a date. */
export function unstorableKind(e: unknown): "text" | "number" | "date" {
  const code = databaseErrorCode(e);
  if (code === "22003" || code === "P2020") return "number";
  if (code === "22008" || code === "22007") return "date";
  return "text";
}
