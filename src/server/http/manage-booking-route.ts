import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { manageBookingRescheduleSchema, manageBookingTokenSchema } from "@/schemas/bookings";
import { clientIp } from "@/server/auth/client-ip";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { AppError, toAppError } from "@/server/errors";
import { errorResponse } from "@/server/http/error-response";
import { logger } from "@/server/logger";
import { MANAGE_BOOKING_PATH } from "@/server/services/bookings/manage-token";
import { cancelManagedBooking, rescheduleManagedBooking } from "@/server/services/bookings/manage-booking";

const NO_STORE = { "Cache-Control": "no-store" };

/** What the page says after a refused form post (the words live on the page: nothing from the request is echoed). */
export type ManageBookingError = "link" | "taken" | "unavailable" | "closed" | "busy" | "invalid";

function errorKey(e: unknown): ManageBookingError {
  const known = toAppError(e);
  switch (known?.code) {
    case "FORBIDDEN":
    case "NOT_FOUND":
      return "link";
    case "CONFLICT":
      return "taken";
    case "PRECONDITION_FAILED":
      return "closed";
    case "TOO_MANY_REQUESTS":
    case "SERVICE_UNAVAILABLE":
      return "busy";
    case "BAD_REQUEST":
      return known.fieldErrors?.startsAt ? "unavailable" : "invalid";
    default:
      return "invalid";
  }
}

/** The page's form fields, or a JSON body of the same fields. */
async function fieldsOf(req: NextRequest): Promise<Record<string, unknown>> {
  const raw = await req.text();
  if ((req.headers.get("content-type") ?? "").includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { ...(parsed as Record<string, unknown>) };
    } catch {
      // answered below as a body that says nothing
    }
    throw new AppError("BAD_REQUEST", "The body must be a JSON object with the link's token.");
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * POST /api/public/booking/{cancel,reschedule}: the lead's manage page (form fields `token`, `startsAt`, `from=page`)
 * or a JSON client. The signed token is the only credential; rate-limited per IP. The page's posts are answered with
 * a redirect back to it (done, or a refusal it puts in words); other callers get JSON with the refusal in words.
 */
export async function handleManageBooking(req: NextRequest, action: "cancel" | "reschedule"): Promise<Response> {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const ctx = { requestId, log: logger.child({ requestId }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
  let fields: Record<string, unknown> = {};
  try {
    fields = await fieldsOf(req);
  } catch (e) {
    return errorResponse(e, ctx, NO_STORE);
  }
  const fromPage = fields.from === "page";
  const token = manageBookingTokenSchema.safeParse(fields.token);
  const page = (query: string) =>
    new Response(null, { status: 303, headers: { ...NO_STORE, Location: `${MANAGE_BOOKING_PATH}/${encodeURIComponent(token.success ? token.data : "invalid")}?${query}` } });
  try {
    await enforceRateLimit("bookingManage", ctx.ip);
    if (action === "cancel") {
      const input = z.object({ token: manageBookingTokenSchema }).parse({ token: fields.token });
      const done = await cancelManagedBooking(ctx, input);
      return fromPage ? page("done=cancelled") : Response.json(done, { headers: NO_STORE });
    }
    const input = manageBookingRescheduleSchema.parse({ token: fields.token, startsAt: fields.startsAt });
    const moved = await rescheduleManagedBooking(ctx, input);
    return fromPage ? page("done=rescheduled") : Response.json(moved, { headers: NO_STORE });
  } catch (e) {
    if (fromPage && token.success) return page(`error=${errorKey(e)}${action === "reschedule" ? "&step=reschedule" : ""}`);
    return errorResponse(e, ctx, NO_STORE, fields);
  }
}
