import { INT4_MAX, INT8_MAX, isStorableText } from "@/schemas/common";
import { isDatabaseUnavailable, isForeignKeyViolation, isRecordNotFound, isUniqueViolation, isUnstorableValue, unstorableKind } from "@/server/db/errors";
import { isRedisUnavailable } from "@/server/redis/errors";

/**
 * The one error type services throw. The tRPC error middleware turns it into a TRPCError with the same
 * code; the worker turns non-retryable codes into BullMQ's UnrecoverableError. Messages are written for
 * the person who sent the request: never a stack, SQL or a secret.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export type FieldErrors = Record<string, string[]>;

/** Structured facts about an error that clients may rely on; never secrets or internals. */
export interface ErrorDetails {
  /** The existing record a create or update would have duplicated. */
  duplicateOf?: { type: "lead"; id: number; name: string; field: "email" | "phone" };
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: FieldErrors;
  /** Seconds after which a refused request may be tried again (rate limits, lockouts). */
  readonly retryAfterSeconds?: number;
  /** Facts a client can act on without reading the message, e.g. `{ duplicateOf: { id, name } }`. */
  readonly details?: ErrorDetails;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { fieldErrors?: FieldErrors; retryAfterSeconds?: number; details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }

  /** A field-level validation error, shaped like zod's so forms show it beside the field. */
  static field(field: string, message: string, details?: ErrorDetails): AppError {
    return new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] }, details });
  }
}

/** Codes that retrying cannot fix; the worker fails such jobs at once. */
export const NON_RETRYABLE_CODES: ReadonlySet<AppErrorCode> = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
]);

/** The HTTP status of each code, for route handlers that answer outside tRPC (tRPC maps the same codes itself). */
export const HTTP_STATUS: Readonly<Record<AppErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable. Try again in a moment.";
export const SERVICE_UNAVAILABLE_MESSAGE = "A service this needs is unavailable. Try again in a moment.";

/**
 * The one map from what a service threw to what its caller is told: an AppError as it is, database refusals that
 * a service did not translate itself as their plain meaning, and a dependency that is down (PostgreSQL or Redis
 * unreachable, restarting, or gone mid-request) as SERVICE_UNAVAILABLE saying so, for every procedure and route.
 * Anything else is unknown (logged, never shown): undefined.
 */
export function toAppError(e: unknown, input?: unknown): AppError | undefined {
  if (e instanceof AppError) return e;
  if (isUnstorableValue(e)) return unstorableValueError(e, input);
  if (isRecordNotFound(e)) return new AppError("NOT_FOUND", "Not found.", { cause: e });
  if (isUniqueViolation(e)) return new AppError("CONFLICT", "A record with these values already exists.", { cause: e });
  if (isForeignKeyViolation(e)) {
    return new AppError("BAD_REQUEST", "A referenced record does not exist in this workspace.", { cause: e });
  }
  if (isDatabaseUnavailable(e)) return new AppError("SERVICE_UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: 5, cause: e });
  if (isRedisUnavailable(e)) return new AppError("SERVICE_UNAVAILABLE", SERVICE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: 5, cause: e });
  return undefined;
}

const UNSTORABLE_MESSAGES = {
  text: "This text contains a character that cannot be saved (a NUL byte or half of an emoji).",
  number: "This number is out of range.",
  date: "This date is out of range.",
} as const;

const looksUnstorable: Record<keyof typeof UNSTORABLE_MESSAGES, (v: unknown) => boolean> = {
  text: (v) => typeof v === "string" && !isStorableText(v),
  number: (v) => (typeof v === "number" && Math.abs(v) > INT4_MAX) || (typeof v === "bigint" && (v > INT8_MAX || v < -INT8_MAX)),
  date: (v) => v instanceof Date && (Number.isNaN(v.getTime()) || v.getUTCFullYear() < 1 || v.getUTCFullYear() > 9999),
};

/** The dotted path of the first value in `input` that `matches`, depth-first; undefined when none does. */
function findField(input: unknown, matches: (v: unknown) => boolean, path: string[] = [], depth = 0): string | undefined {
  if (matches(input)) return path.join(".") || undefined;
  if (depth > 8 || input === null || typeof input !== "object" || input instanceof Date) return undefined;
  for (const [key, value] of Object.entries(input)) {
    const found = findField(value, matches, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * A value PostgreSQL refused (see isUnstorableValue): 400 naming the field of the request that holds it when it can be
 * found in the input, else the kind of value.
 */
function unstorableValueError(e: unknown, input: unknown): AppError {
  const kind = unstorableKind(e);
  const message = UNSTORABLE_MESSAGES[kind];
  const field = findField(input, looksUnstorable[kind]);
  return new AppError("BAD_REQUEST", field ? `${field}: ${message}` : message, { fieldErrors: { [field ?? kind]: [message] }, cause: e });
}
