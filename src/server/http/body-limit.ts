import { NextRequest } from "next/server";

/**
 * Request body limits, counted in bytes as the body arrives. The proxy (src/proxy.ts) refuses a declared
 * Content-Length over the limit before any route runs; a chunked body declares nothing, so every route that reads a
 * body reads it through `withBodyLimit`, which stops reading and answers 413 at the first byte over the limit.
 * Keep this module light: the proxy imports it.
 */

/** Webhook routes (src/app/api/webhooks/**): providers post up to this much (Twilio media, Postmark attachments). */
export const WEBHOOK_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/** The limit of a path: the configured API limit, or at least the webhook limit under /api/webhooks/. */
export const bodyLimitFor = (pathname: string, apiLimitBytes: number) =>
  pathname.startsWith("/api/webhooks/") ? Math.max(apiLimitBytes, WEBHOOK_BODY_LIMIT_BYTES) : apiLimitBytes;

/** The 413 answer, in the same JSON shape as the proxy's own refusals. */
export function payloadTooLarge(limitBytes: number, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error: { code: "PAYLOAD_TOO_LARGE", message: `Request body must not exceed ${limitBytes} bytes` } },
    { status: 413, headers: { "Cache-Control": "no-store", ...headers } },
  );
}

/** The body's bytes, or null as soon as more than `limitBytes` have arrived (the rest is never read). */
export async function readBodyWithin(req: Request, limitBytes: number): Promise<Uint8Array | null> {
  const declared = req.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= limitBytes)) return null;
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      void discardRest(reader, limitBytes * DISCARD_FACTOR);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** How much more than the limit is read and thrown away after a 413, before the connection is cut. */
const DISCARD_FACTOR = 16;

/**
 * Reads and drops the rest of a refused body, so the client (still sending) receives the 413: closing a socket with
 * unread data makes the kernel reset the connection, and the client sees ECONNRESET instead of the answer. Past
 * `maxBytes` more the stream is cancelled anyway; nothing is kept in memory meanwhile.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number) {
  let discarded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      discarded += value.byteLength;
      if (discarded > maxBytes) return await reader.cancel();
    }
  } catch {
    // the client went away
  }
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Wraps a route handler: the body is read within `limitBytes` (413 past it) and the handler gets a NextRequest
 * carrying those bytes, so whatever it parses (tRPC, next-auth, JSON) has been counted.
 */
export function withBodyLimit<C extends unknown[]>(
  limitBytes: number | (() => number),
  handler: (req: NextRequest, ...context: C) => Promise<Response> | Response,
  headers: Record<string, string> = {},
) {
  return async (req: Request, ...context: C): Promise<Response> => {
    if (!BODY_METHODS.has(req.method) || req.body === null) return handler(asNextRequest(req, undefined), ...context);
    const limit = typeof limitBytes === "function" ? limitBytes() : limitBytes;
    const body = await readBodyWithin(req, limit);
    if (body === null) return payloadTooLarge(limit, headers);
    const forwarded = new Headers(req.headers);
    forwarded.set("content-length", String(body.byteLength));
    forwarded.delete("transfer-encoding");
    return handler(asNextRequest(req, body, forwarded), ...context);
  };
}

function asNextRequest(req: Request, body: Uint8Array | undefined, headers: Headers = req.headers): NextRequest {
  if (body === undefined && req instanceof NextRequest) return req;
  return new NextRequest(req.url, {
    method: req.method,
    headers,
    body: body === undefined ? req.body : body.byteLength ? body : undefined,
    signal: req.signal ?? undefined,
    ...(body === undefined && req.body ? { duplex: "half" } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
}

/**
 * For webhook route handlers (src/app/api/webhooks/**): `export const POST = withWebhookBodyLimit(async (req) => …)`.
 * The hostile-input test posts a chunked body over the limit to every route's POST and expects this 413.
 */
export function withWebhookBodyLimit<C extends unknown[]>(handler: (req: NextRequest, ...context: C) => Promise<Response> | Response) {
  return withBodyLimit(WEBHOOK_BODY_LIMIT_BYTES, handler);
}
