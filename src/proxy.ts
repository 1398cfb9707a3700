import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/env";
import { bodyLimitFor } from "@/server/http/body-limit";

/**
 * Runs before every route (Next 16 "proxy", formerly middleware): request id, nonce-based CSP,
 * no-store on sensitive paths, CORS for the configured origins, and a body size limit by Content-Length.
 * Keep its imports light: it runs on every request, static pages included.
 */

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const CORS_ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const CORS_ALLOWED_HEADERS = "Content-Type, Authorization, X-API-Key, X-Request-Id, trpc-accept, x-trpc-source";

/** A form's public pages (/f/<slug>, /f/<slug>/embed): they may show the form's bot check (Turnstile or hCaptcha). */
const FORM_PAGE_PATH = /^\/f\/[^/]+(\/embed)?\/?$/;
const FORM_EMBED_PATH = /^\/f\/[^/]+\/embed\/?$/;
const CAPTCHA_SOURCES = "https://challenges.cloudflare.com https://hcaptcha.com https://*.hcaptcha.com";

/**
 * A form's embed may be framed by the page that asks for it (its Referer's origin) and by no other; the embed page
 * then refuses to show the form unless that origin is one of the form's allowed sites (src/app/f/[slug]/form-page.tsx).
 */
function embedFrameAncestors(request: NextRequest): string {
  try {
    const origin = new URL(request.headers.get("referer") ?? "").origin;
    return /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin) ? origin : "'none'";
  } catch {
    return "'none'";
  }
}

function buildContentSecurityPolicy(nonce: string, isDevelopment: boolean, form?: { frameAncestors: string }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${form ? ` ${CAPTCHA_SOURCES}` : ""}`,
    ...(form ? [`frame-src 'self' ${CAPTCHA_SOURCES}`] : []),
    `frame-ancestors ${form?.frameAncestors ?? "'none'"}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

function isNoStorePath(pathname: string): boolean {
  return (
    pathname.startsWith("/api/") ||
    pathname === "/api" ||
    pathname === "/status/health" ||
    pathname.startsWith("/sign-in") ||
    pathname.startsWith("/register") ||
    pathname === "/status/version" ||
    pathname === "/forgot-password" ||
    pathname === "/reset-password" ||
    pathname === "/verify-email" ||
    pathname.startsWith("/dev/")
  );
}

function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * Endpoints meant for any site (a workspace's contact form on its own domain). They read no cookies and answer
 * CORS themselves, so the allow-list below does not apply to them.
 */
function isPublicApiPath(pathname: string): boolean {
  return pathname.startsWith("/api/public/");
}

/** The website chat's window sets its own CSP (frame-ancestors: the workspace's sites); see its route. */
const WIDGET_FRAME_PATH = "/api/public/widget/frame";

function jsonError(status: number, code: string, message: string): NextResponse {
  return NextResponse.json({ error: { code, message } }, { status });
}

/**
 * 413 when the declared body is over the limit. A chunked body declares no length: the routes that read bodies count
 * its bytes as they arrive (withBodyLimit in src/server/http/body-limit.ts) against the same limit.
 */
function checkBodySize(request: NextRequest, pathname: string, limitBytes: number): NextResponse | undefined {
  if (!BODY_METHODS.has(request.method)) return undefined;
  // Signed file uploads carry their own, signed size limit, which the file route enforces while reading.
  if (pathname.startsWith("/api/files/")) return undefined;
  const declared = request.headers.get("content-length");
  if (declared === null) return undefined;
  const length = Number(declared);
  const limit = bodyLimitFor(pathname, limitBytes);
  if (!Number.isFinite(length) || length > limit) {
    return jsonError(413, "PAYLOAD_TOO_LARGE", `Request body must not exceed ${limit} bytes`);
  }
  return undefined;
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": "X-Request-Id",
  };
}

// Responses the proxy answers itself are JSON or empty: nothing in them may load or frame anything.
const GENERATED_RESPONSE_CSP = "default-src 'none'; frame-ancestors 'none'";

function answerPreflight(origin: string, allowed: boolean): NextResponse {
  if (!allowed) return jsonError(403, "FORBIDDEN", "Origin not allowed");
  return new NextResponse(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      "Access-Control-Allow-Methods": CORS_ALLOWED_METHODS,
      "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
      "Access-Control-Max-Age": "600",
    },
  });
}

function forward(request: NextRequest, requestId: string, isDevelopment: boolean): NextResponse {
  if (request.nextUrl.pathname === WIDGET_FRAME_PATH) {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-request-id", requestId);
    return NextResponse.next({ request: { headers: requestHeaders } });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const { pathname } = request.nextUrl;
  const form = FORM_PAGE_PATH.test(pathname) ? { frameAncestors: FORM_EMBED_PATH.test(pathname) ? embedFrameAncestors(request) : "'none'" } : undefined;
  const csp = buildContentSecurityPolicy(nonce, isDevelopment, form);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);
  // As in Next's CSP guide: Next reads the nonce from the request's CSP header and stamps it on its own
  // scripts; pages read `x-nonce` for their own <Script> tags.
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export function proxy(request: NextRequest): NextResponse {
  const env = getEnv();
  const { pathname } = request.nextUrl;
  const api = isApiPath(pathname) && !isPublicApiPath(pathname);

  const incomingId = request.headers.get("x-request-id");
  const requestId = incomingId && REQUEST_ID_PATTERN.test(incomingId) ? incomingId : crypto.randomUUID();

  const origin = request.headers.get("origin");
  const originAllowed = origin !== null && env.CORS_ORIGINS.includes(origin);
  const isPreflight =
    request.method === "OPTIONS" && origin !== null && request.headers.has("access-control-request-method");

  let response: NextResponse;
  if (api && isPreflight) {
    response = answerPreflight(origin, originAllowed);
  } else {
    response =
      checkBodySize(request, pathname, env.BODY_LIMIT_BYTES) ??
      forward(request, requestId, env.NODE_ENV === "development");
    // Other origins get no CORS headers, so the browser keeps the answer from them. They are not refused
    // here: browsers send Origin on same-origin POSTs too.
    if (api && originAllowed) {
      for (const [key, value] of Object.entries(corsHeaders(origin))) response.headers.set(key, value);
    }
  }

  if (!response.headers.has("Content-Security-Policy") && pathname !== WIDGET_FRAME_PATH) {
    response.headers.set("Content-Security-Policy", GENERATED_RESPONSE_CSP);
  }
  response.headers.set("X-Request-Id", requestId);
  if (api) response.headers.append("Vary", "Origin");
  if (isNoStorePath(pathname)) response.headers.set("Cache-Control", "no-store");
  response.headers.delete("Server");
  response.headers.delete("X-Powered-By");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
