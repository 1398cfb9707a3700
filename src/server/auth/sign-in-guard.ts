import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import { clientIp } from "./client-ip";
import { enforceRateLimit } from "./rate-limit";

/**
 * Runs before next-auth's credentials callback: 5 sign-in attempts per 15 minutes per client IP, failing
 * closed with 503 when Redis is unreachable. The refusal keeps next-auth's `{ url }` shape so
 * `signIn(..., { redirect: false })` surfaces the message as `error`, with a real HTTP status.
 */
export async function guardCredentialsSignIn(req: Request): Promise<Response | null> {
  if (!new URL(req.url).pathname.endsWith("/callback/credentials")) return null;
  try {
    await enforceRateLimit("signIn", clientIp(req.headers));
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const status = e.code === "TOO_MANY_REQUESTS" ? 429 : 503;
    const url = new URL("/sign-in", getEnv().APP_URL);
    url.searchParams.set("error", e.message);
    return Response.json(
      { url: url.toString(), error: { code: e.code, message: e.message } },
      {
        status,
        headers: { "Retry-After": String(e.retryAfterSeconds ?? 60), "Cache-Control": "no-store" },
      },
    );
  }
}
