import { randomUUID } from "node:crypto";
import { clientIp } from "@/server/auth/client-ip";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { workspaceContextFor, type WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/error-response";
import { crossSiteCookies } from "@/server/http/widget";
import { logger } from "@/server/logger";
import { unsafeFindLiveForm, type LiveForm } from "@/server/services/forms/public-forms";
import { FORM_SESSION_MAX_AGE_SEC } from "@/server/services/forms/visitor-tokens";

/**
 * The public form's routes (src/app/api/public/forms/[slug]/**) share this: the request's context, the form from the
 * slug (404 unknown), the workspace's scoped context, the per-IP limit, the visitor's session token from its HttpOnly
 * cookie and the cookie written back. The page and its embed are served by us, so these calls are same-origin.
 */
export const NO_STORE = { "Cache-Control": "no-store" } as const;

export const formCookieName = (formId: number) => `${crossSiteCookies() ? "__Host-" : ""}lk_form_${formId}`;

/** The session cookie: HttpOnly; in an embed (a frame on another site) it must be SameSite=None; Secure; Partitioned. */
export function formSessionCookie(formId: number, token: string | null): string {
  const attributes = crossSiteCookies() ? "SameSite=None; Secure; Partitioned" : "SameSite=Lax";
  return `${formCookieName(formId)}=${token ?? ""}; Path=/; Max-Age=${token ? FORM_SESSION_MAX_AGE_SEC : 0}; HttpOnly; ${attributes}`;
}

export function cookieValue(cookieHeader: string | null, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}

export interface FormRequest {
  ctx: WorkspaceContext;
  form: LiveForm;
  /** The visitor's session token for this form (unverified: the services look its hash up). */
  sessionToken: string | null;
}

type RouteContext = { params: Promise<{ slug: string }> };

export function formRoute(handler: (req: Request, f: FormRequest) => Promise<Response>) {
  return async (req: Request, route: RouteContext): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    const base = { requestId, log: logger.child({ requestId, route: "forms" }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
    let input: unknown;
    try {
      const { slug } = await route.params;
      await enforceRateLimit("formVisitorIp", base.ip);
      const form = await unsafeFindLiveForm(decodeURIComponent(slug));
      const ctx = workspaceContextFor(base, { id: form.subAccountId, name: form.workspaceName });
      const token = cookieValue(req.headers.get("cookie"), formCookieName(form.id));
      const response = await handler(req, { ctx, form, sessionToken: token && token.length <= 100 ? token : null });
      for (const [k, v] of Object.entries(NO_STORE)) if (!response.headers.has(k)) response.headers.set(k, v);
      return response;
    } catch (e) {
      if (e instanceof URIError) return errorResponse(new AppError("NOT_FOUND", "No such form."), base, NO_STORE);
      return errorResponse(e, base, NO_STORE, input);
    }
  };
}

/** The JSON body of a POST (a body that is not JSON: 400). */
export async function formJsonBody(req: Request): Promise<unknown> {
  return req.json().catch(() => {
    throw new AppError("BAD_REQUEST", "The body must be JSON.");
  });
}
