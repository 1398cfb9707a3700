import { createApiKey } from "@/server/services/api-keys/manage-api-keys";
import type { ApiKeyScope } from "@/schemas/api-keys";
import { unsafeDb } from "@/server/db/client";
import { workspaceContext, uniqueIp } from "./factories";

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Handler = (req: Request, context: { params: Promise<{ path: string[] }> }) => Promise<Response>;
let route: Record<Method, Handler> | undefined;

export const API_ORIGIN = "http://localhost:8000";

/**
 * Sends a Request to the real /api/v1 route handler (src/app/api/v1/[...path]/route.ts), with the path segments Next
 * would give it; usable as openapi-fetch's `fetch`.
 */
export async function callApi(request: Request): Promise<Response> {
  route ??= (await import("@/app/api/v1/[...path]/route")) as unknown as Record<Method, Handler>;
  const url = new URL(request.url);
  const segments = url.pathname.replace(/^\/api\/v1\/?/, "").split("/").filter(Boolean).map((s) => decodeURIComponent(s));
  const handler = route[request.method as Method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(request, { params: Promise.resolve({ path: segments }) });
}

/** One call: `path` below /api/v1, the key in X-API-Key, a JSON body when given. */
export function api(path: string, init: { method?: Method; key?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "x-forwarded-for": uniqueIp(), ...init.headers };
  if (init.key) headers["x-api-key"] = init.key;
  if (init.body !== undefined) headers["content-type"] ??= "application/json";
  return callApi(
    new Request(`${API_ORIGIN}/api/v1${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    }),
  );
}

/** A key of the workspace made by the real service (as an admin makes one on Settings › API keys). */
export async function apiKeyFor(workspace: { id: number; name: string }, scopes: ApiKeyScope[] | "none", state: "live" | "revoked" | "expired" = "live") {
  const ctx = workspaceContext(workspace);
  const { key, apiKey } = await createApiKey(ctx, { name: `Key ${scopes}`, scopes: scopes === "none" ? ["leads:read"] : scopes });
  // A key granting nothing (scopes emptied, as a key of a scope since retired) and past states are set directly.
  if (scopes === "none") await unsafeDb.apiKey.update({ where: { id: apiKey.id }, data: { scopes: [] } });
  if (state === "revoked") await unsafeDb.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
  if (state === "expired") await unsafeDb.apiKey.update({ where: { id: apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  return { key, id: apiKey.id };
}

export const ALL_SCOPES: ApiKeyScope[] = ["leads:read", "leads:write", "bookings:read", "bookings:write", "contacts:read", "forms:read"];
