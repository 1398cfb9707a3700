import { ZodError } from "zod";
import { HTTP_STATUS, toAppError, type AppErrorCode, type ErrorDetails } from "@/server/errors";
import type { Logger } from "@/server/logger";

/**
 * RFC 9457 problem details: every refusal of the public API is `application/problem+json` with `type` (a link to the
 * kind's explanation on the reference page), `title`, `status`, `detail` (what is wrong with this request), `instance`
 * (its path) and `requestId`; validation problems list the fields in `errors`.
 */
export const PROBLEM_TYPES = {
  "validation-error": { status: 400, title: "The request is not valid", explanation: "One or more fields, query parameters or path parameters were refused; `errors` names each with the reason." },
  "bad-request": { status: 400, title: "The request cannot be read", explanation: "The body is not JSON, or a header is malformed." },
  unauthorized: { status: 401, title: "A valid API key is required", explanation: "Send a live key of the workspace in the `X-API-Key` header. Unknown, revoked and expired keys get the same answer." },
  "insufficient-scope": { status: 403, title: "The API key lacks a scope", explanation: "The key is valid but was not given the scope this endpoint needs (named in `detail`). An admin can create a key with it under Settings › API keys." },
  forbidden: { status: 403, title: "Not allowed", explanation: "The workspace's rules refuse this change." },
  "not-found": { status: 404, title: "Not found", explanation: "No such record in the key's workspace (records of other workspaces are never visible), or no such endpoint." },
  "method-not-allowed": { status: 405, title: "Method not allowed", explanation: "The path exists but not with this method; `Allow` lists the methods it takes." },
  conflict: { status: 409, title: "Conflict", explanation: "The change collides with existing data, e.g. a time that was booked meanwhile." },
  duplicate: { status: 409, title: "A lead with this email or phone exists", explanation: "Leads are unique per workspace by email and by phone; `duplicateOf` names the lead that holds it. Create with `onDuplicate: \"merge\"` to fill that lead's empty fields instead." },
  "idempotency-key-in-use": { status: 409, title: "A request with this Idempotency-Key is still in progress", explanation: "Wait for the first request to finish, then retry: its answer will be replayed." },
  "precondition-failed": { status: 412, title: "Not possible in the record's current state", explanation: "E.g. cancelling a booking that is already cancelled." },
  "payload-too-large": { status: 413, title: "The body is too large", explanation: "Bodies are limited to 1 MB." },
  "unsupported-media-type": { status: 415, title: "The body must be JSON", explanation: "Send `Content-Type: application/json`." },
  "idempotency-key-reused": { status: 422, title: "This Idempotency-Key was used for a different request", explanation: "A key identifies one request (method, path and body) for 24 hours; use a new key for a new request." },
  "rate-limited": { status: 429, title: "Rate limit reached", explanation: "Each API key may make a fixed number of requests per window (see the `RateLimit-Policy` header). `Retry-After` says when to try again." },
  unavailable: { status: 503, title: "Temporarily unavailable", explanation: "A service this needs is down for a moment; `Retry-After` says when to try again." },
  "server-error": { status: 500, title: "Something went wrong", explanation: "An error on our side; quote `requestId` when reporting it." },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;
export const PROBLEM_CONTENT_TYPE = "application/problem+json";
/** Where each problem type is explained (the reference page's anchors). */
export const problemTypeUri = (type: ProblemType) => `/developers/api#problem-${type}`;

export interface FieldProblem {
  field: string;
  in: "path" | "query" | "body" | "header";
  detail: string;
}

export interface ProblemInit {
  type: ProblemType;
  detail: string;
  errors?: FieldProblem[];
  duplicateOf?: ErrorDetails["duplicateOf"];
  headers?: Record<string, string>;
}

export interface ProblemRequest {
  requestId: string;
  instance: string;
  log: Logger;
}

export function problem(req: ProblemRequest, init: ProblemInit): Response {
  const spec = PROBLEM_TYPES[init.type];
  const body = {
    type: problemTypeUri(init.type),
    title: spec.title,
    status: spec.status,
    detail: init.detail,
    instance: req.instance,
    requestId: req.requestId,
    ...(init.errors?.length ? { errors: init.errors } : {}),
    ...(init.duplicateOf ? { duplicateOf: init.duplicateOf } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: spec.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...init.headers },
  });
}

/** zod's issues as one problem per field ("created.from"), in the part of the request they came from. */
export function fieldProblems(error: ZodError, where: (field: string) => FieldProblem["in"]): FieldProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join(".") || "(body)";
    return { field, in: where(field), detail: issue.message };
  });
}

export const validationDetail = (errors: FieldProblem[]) =>
  errors
    .slice(0, 5)
    .map((e) => `${e.field}: ${e.detail}`)
    .join("; ") + (errors.length > 5 ? ` (and ${errors.length - 5} more)` : "");

const TYPE_OF_CODE: Record<AppErrorCode, ProblemType> = {
  BAD_REQUEST: "bad-request",
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not-found",
  CONFLICT: "conflict",
  PRECONDITION_FAILED: "precondition-failed",
  TOO_MANY_REQUESTS: "rate-limited",
  SERVICE_UNAVAILABLE: "unavailable",
  INTERNAL_SERVER_ERROR: "server-error",
};

/**
 * Whatever a service threw, as a problem, through the one error map (`toAppError`): a field error is a validation
 * problem naming the field, an unknown error is logged and answered 500 with the request id only.
 */
export function problemFromError(req: ProblemRequest, e: unknown, input: unknown, where: (field: string) => FieldProblem["in"], headers: Record<string, string> = {}): Response {
  if (e instanceof ZodError) {
    const errors = fieldProblems(e, where);
    return problem(req, { type: "validation-error", detail: validationDetail(errors), errors, headers });
  }
  const known = toAppError(e, input);
  if (!known || known.code === "INTERNAL_SERVER_ERROR") {
    req.log.error({ err: e }, "public API request failed");
    return problem(req, { type: "server-error", detail: `Something went wrong. Reference: ${req.requestId}`, headers });
  }
  const retry: Record<string, string> = known.retryAfterSeconds ? { "Retry-After": String(known.retryAfterSeconds) } : {};
  const fields = Object.entries(known.fieldErrors ?? {}).flatMap(([field, messages]) => messages.map((detail) => ({ field, in: where(field), detail })));
  // A duplicate is refused by the service as a field error; over HTTP it is the conflict it is.
  if (known.details?.duplicateOf) {
    return problem(req, { type: "duplicate", detail: known.message, errors: fields, duplicateOf: known.details.duplicateOf, headers });
  }
  const type = known.code === "BAD_REQUEST" && fields.length ? "validation-error" : TYPE_OF_CODE[known.code];
  if (PROBLEM_TYPES[type].status !== HTTP_STATUS[known.code]) throw new Error(`problem type ${type} does not match ${known.code}`);
  return problem(req, { type, detail: known.message, errors: fields, duplicateOf: known.details?.duplicateOf, headers: { ...headers, ...retry } });
}

