import { z, ZodError } from "zod";
import { HTTP_STATUS, toAppError } from "@/server/errors";
import type { Logger } from "@/server/logger";

/**
 * The JSON answer of a route handler outside tRPC for whatever its service threw, through the same error map as
 * procedures: `{ error, fieldErrors }` with the code's status, `Retry-After` when a limit says when; an unknown error
 * is logged and answered 500 with the request's reference only.
 */
export function errorResponse(
  e: unknown,
  ctx: { requestId: string; log: Logger },
  headers: Record<string, string> = {},
  /** The request's parsed input, so a value the database refused can be named by its field. */
  input?: unknown,
): Response {
  if (e instanceof ZodError) {
    const { fieldErrors, formErrors } = z.flattenError(e);
    // An input wrong as a whole (not an object) has no field errors: its own message says what is wrong.
    const error = Object.keys(fieldErrors).length || !formErrors.length ? "Some fields are invalid." : formErrors.join(" ");
    return Response.json({ error, fieldErrors, formErrors }, { status: 400, headers });
  }
  const known = toAppError(e, input);
  if (known && known.code !== "INTERNAL_SERVER_ERROR") {
    const retry: Record<string, string> = known.retryAfterSeconds ? { "Retry-After": String(known.retryAfterSeconds) } : {};
    return Response.json(
      { error: known.message, fieldErrors: known.fieldErrors ?? {} },
      { status: HTTP_STATUS[known.code], headers: { ...headers, ...retry } },
    );
  }
  ctx.log.error({ err: e }, "request failed");
  return Response.json({ error: `Something went wrong. Reference: ${ctx.requestId}` }, { status: 500, headers });
}
