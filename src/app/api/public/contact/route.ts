import { randomUUID } from "node:crypto";
import { z, ZodError } from "zod";
import { publicContactSchema } from "@/schemas/contacts";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { clientIp } from "@/server/auth/client-ip";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { submitContact } from "@/server/services/contacts/submit-contact";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Contact forms live on the workspaces' own sites, so any origin may post (no cookies are read). */
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Cache-Control": "no-store",
};

const HTTP_STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

const json = (body: unknown, status: number, extra: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { ...CORS_HEADERS, ...extra } });

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

/**
 * POST /api/public/contact  { workspaceKey | workspaceSlug, name, email?, phone?, company?, message?, source? }
 * 201 { ok: true } | 400 { error, fieldErrors } | 404 unknown or inactive workspace | 429 rate limited.
 */
export async function POST(req: Request) {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const ctx = { requestId, log: logger.child({ requestId }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
  try {
    await enforceRateLimit("contactForm", ctx.ip);
    const body: unknown = await req.json().catch(() => {
      throw new AppError("BAD_REQUEST", "The body must be JSON.");
    });
    const input = publicContactSchema.parse(body);
    await submitContact(ctx, input);
    return json({ ok: true }, 201);
  } catch (e) {
    if (e instanceof ZodError) {
      return json({ error: "Some fields are invalid.", fieldErrors: z.flattenError(e).fieldErrors }, 400);
    }
    if (e instanceof AppError && HTTP_STATUS[e.code]) {
      const retry = e.retryAfterSeconds ? { "Retry-After": String(e.retryAfterSeconds) } : undefined;
      return json({ error: e.message, fieldErrors: e.fieldErrors ?? {} }, HTTP_STATUS[e.code]!, retry);
    }
    ctx.log.error({ err: e }, "contact submission failed");
    return json({ error: `Something went wrong. Reference: ${requestId}` }, 500);
  }
}
