import { randomUUID } from "node:crypto";
import { clientIp } from "@/server/auth/client-ip";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { withBodyLimit } from "@/server/http/body-limit";
import { errorResponse } from "@/server/http/error-response";
import { logger } from "@/server/logger";
import { unsubscribeEmail } from "@/server/services/email/unsubscribe";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** GET (a person followed the link): the page that asks before unsubscribing, since link scanners follow links too. */
export function GET(req: Request) {
  const token = new URL(req.url).searchParams.get("token") ?? "";
  return new Response(null, { status: 303, headers: { ...NO_STORE, Location: `/unsubscribe?token=${encodeURIComponent(token.slice(0, 500))}` } });
}

/**
 * POST /api/public/unsubscribe?token=…: RFC 8058 one-click unsubscribe (a mail client posts
 * `List-Unsubscribe=One-Click`), or the page's button (`?from=page`, answered with the page again). Rate-limited per IP.
 */
export const POST = withBodyLimit(4_096, async (req: Request) => {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const ctx = { requestId, log: logger.child({ requestId }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
  const url = new URL(req.url);
  const token = url.searchParams.get("token") ?? "";
  try {
    await enforceRateLimit("unsubscribe", ctx.ip);
    await unsubscribeEmail(ctx, { token });
    if (url.searchParams.get("from") === "page") {
      return new Response(null, { status: 303, headers: { ...NO_STORE, Location: `/unsubscribe?token=${encodeURIComponent(token)}&done=1` } });
    }
    return new Response("You are unsubscribed.", { status: 200, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });
  } catch (e) {
    return errorResponse(e, ctx, NO_STORE, { token });
  }
}, NO_STORE);
