import { randomUUID } from "node:crypto";
import { getEnv } from "@/env";
import { clientIp } from "@/server/auth/client-ip";
import type { RequestContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/error-response";
import { logger } from "@/server/logger";
import { decodeVisitorToken, encodeVisitorToken, VISITOR_TOKEN_MAX_AGE_SEC, type VisitorToken } from "@/server/services/widget/visitor-token";
import { unsafeFindWidgetWorkspace, widgetOriginAllowed, type WidgetWorkspace } from "@/server/services/widget/widget-workspace";

/**
 * The website chat's routes (src/app/api/public/widget/**) share this: the request's context, the workspace from the
 * public key, the Origin check (the chat window is served by us; a site may only ask for the chat's configuration when
 * it is one of the workspace's sites), the visitor's token from its HttpOnly cookie and the cookie written back.
 */
const SECURE_LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A cross-site frame only keeps a cookie that is `SameSite=None; Secure` (Partitioned: per embedding site). Browsers
 * accept Secure over https and on the loopback host; a plain-http deployment elsewhere gets a Lax cookie instead, so
 * its chat works only on its own site.
 */
export function crossSiteCookies(): boolean {
  const url = new URL(getEnv().APP_URL);
  return url.protocol === "https:" || SECURE_LOCAL_HOSTS.has(url.hostname);
}

export const visitorCookieName = () => (crossSiteCookies() ? "__Host-lk_widget" : "lk_widget");

export function visitorCookie(token: VisitorToken): string {
  const attributes = crossSiteCookies() ? "SameSite=None; Secure; Partitioned" : "SameSite=Lax";
  return `${visitorCookieName()}=${encodeVisitorToken(token)}; Path=/; Max-Age=${VISITOR_TOKEN_MAX_AGE_SEC}; HttpOnly; ${attributes}`;
}

function cookieValue(req: Request, name: string): string | null {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return null;
}

export const NO_STORE = { "Cache-Control": "no-store" } as const;

export interface WidgetRequest {
  ctx: RequestContext;
  workspace: WidgetWorkspace;
  /** The visitor's token for this workspace, or null (none, forged, expired, or another workspace's). */
  token: VisitorToken | null;
  origin: string | null;
}

export function widgetRequestContext(req: Request): RequestContext {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  return { requestId, log: logger.child({ requestId, route: "widget" }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
}

/**
 * Runs a widget route: key -> workspace (404 unknown), Origin -> 403 when the request comes from a site that is not
 * the workspace's, token from the cookie. Errors go through the one error map.
 */
export function widgetRoute(
  handler: (req: Request, w: WidgetRequest) => Promise<Response>,
  opts: { key: (req: Request) => Promise<unknown> | unknown; requireSite?: boolean; headers?: (origin: string | null) => Record<string, string> },
) {
  return async (req: Request): Promise<Response> => {
    const ctx = widgetRequestContext(req);
    const origin = req.headers.get("origin");
    // CORS headers go on answers that succeed only: a refused site cannot read why.
    const headers = { ...NO_STORE, ...(opts.headers?.(origin) ?? {}) };
    const errorHeaders = { ...NO_STORE, Vary: "Origin" };
    let input: unknown;
    try {
      input = await opts.key(req);
      const key = typeof input === "object" && input !== null ? (input as { key?: unknown }).key : undefined;
      if (typeof key !== "string" || !key) throw AppError.field("key", "Say which workspace this chat is for.");
      const workspace = await unsafeFindWidgetWorkspace(key);
      if (!widgetOriginAllowed(origin, workspace, { requireSite: opts.requireSite })) {
        ctx.log.info({ subAccountId: workspace.id, origin: origin?.slice(0, 200) }, "widget request from a site that is not allowed");
        throw new AppError("FORBIDDEN", "This site may not show this chat. Add it to the allowed sites in Settings › Website chat.");
      }
      const token = decodeVisitorToken(cookieValue(req, visitorCookieName()));
      const response = await handler(req, { ctx, workspace, token: token?.workspaceId === workspace.id ? token : null, origin });
      for (const [k, v] of Object.entries(headers)) if (!response.headers.has(k)) response.headers.set(k, v);
      return response;
    } catch (e) {
      return errorResponse(e, ctx, errorHeaders, input);
    }
  };
}

/** The JSON body of a POST, as an object for the schema (a body that is not JSON: 400). */
export async function jsonBody(req: Request): Promise<unknown> {
  return req.json().catch(() => {
    throw new AppError("BAD_REQUEST", "The body must be JSON.");
  });
}

export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
