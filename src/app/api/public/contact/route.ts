import { randomUUID } from "node:crypto";
import { publicContactSchema } from "@/schemas/contacts";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { clientIp } from "@/server/auth/client-ip";
import { AppError } from "@/server/errors";
import { getEnv } from "@/env";
import { withBodyLimit } from "@/server/http/body-limit";
import { errorResponse } from "@/server/http/error-response";
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

const json = (body: unknown, status: number) => Response.json(body, { status, headers: CORS_HEADERS });

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

/**
 * POST /api/public/contact  { workspaceKey | workspaceSlug, name, email?, phone?, company?, message?, source? }
 * 201 { ok: true } | 400 { error, fieldErrors } | 404 unknown or inactive workspace | 429 rate limited.
 */
export const POST = withBodyLimit(() => getEnv().BODY_LIMIT_BYTES, submit, CORS_HEADERS);

async function submit(req: Request) {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const ctx = { requestId, log: logger.child({ requestId }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
  let body: unknown;
  try {
    await enforceRateLimit("contactForm", ctx.ip);
    body = await req.json().catch(() => {
      throw new AppError("BAD_REQUEST", "The body must be JSON.");
    });
    const input = publicContactSchema.parse(body);
    await submitContact(ctx, input);
    return json({ ok: true }, 201);
  } catch (e) {
    return errorResponse(e, ctx, CORS_HEADERS, body);
  }
}
