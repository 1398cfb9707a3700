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
