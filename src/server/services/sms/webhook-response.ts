import { randomUUID } from "node:crypto";
import { clientIp } from "@/server/auth/client-ip";
import type { RequestContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { EMPTY_TWIML, readTwilioWebhook, type TwilioWebhook } from "./twilio-webhook";

const XML = { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-store" };

/**
 * The one shape of both Twilio webhook routes: read the form, run the service, answer empty TwiML (200) at once;
 * 403 with nothing stored when the signature is missing or wrong, 400 when a signed request lacks what it needs.
 * Anything else is a 500, which Twilio retries (the MessageSid makes the retry safe).
 */
export async function handleTwilioWebhook(req: Request, service: (ctx: RequestContext, webhook: TwilioWebhook) => Promise<unknown>): Promise<Response> {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const ctx: RequestContext = { requestId, log: logger.child({ requestId }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
  try {
    await service(ctx, await readTwilioWebhook(req));
    return new Response(EMPTY_TWIML, { status: 200, headers: XML });
  } catch (e) {
    if (e instanceof AppError && e.code === "FORBIDDEN") {
      ctx.log.warn({ path: new URL(req.url).pathname }, "twilio webhook refused: signature missing or invalid");
      return new Response(e.message, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    if (e instanceof AppError && e.code === "BAD_REQUEST") return new Response(e.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    ctx.log.error({ err: { name: (e as Error).name, message: (e as Error).message } }, "twilio webhook failed");
    return new Response(`Something went wrong. Reference: ${requestId}`, { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
