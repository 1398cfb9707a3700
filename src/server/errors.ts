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

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: FieldErrors;
  /** Seconds after which a refused request may be tried again (rate limits, lockouts). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { fieldErrors?: FieldErrors; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** A field-level validation error, shaped like zod's so forms show it beside the field. */
  static field(field: string, message: string): AppError {
    return new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });
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
