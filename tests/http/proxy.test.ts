import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { proxy } from "@/proxy";

const ALLOWED = "https://app.partner.example";
const OTHER = "https://evil.example";
const LIMIT = 4096;

function request(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new NextRequest(new URL(path, "http://localhost:8000"), {
    method: init.method ?? "GET",
    headers: init.headers,
  });
}

/** NextResponse.next() carries the headers to forward on the request as x-middleware-request-* headers. */
function forwardedRequestHeader(response: Response, name: string) {
  return response.headers.get(`x-middleware-request-${name}`);
}

beforeAll(() => {
  process.env.CORS_ORIGINS = `${ALLOWED}, https://other-partner.example`;
  process.env.BODY_LIMIT_BYTES = String(LIMIT);
  resetEnvCache();
});

describe("proxy: request id", () => {
  it("generates one, forwards it to the route and returns it", () => {
    const response = proxy(request("/dashboard"));
    const id = response.headers.get("x-request-id");

    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(forwardedRequestHeader(response, "x-request-id")).toBe(id);
  });

  it("reuses a well-formed incoming id and replaces a malformed one", () => {
    const kept = proxy(request("/", { headers: { "x-request-id": "abc.DEF_123-xyz" } }));
    expect(kept.headers.get("x-request-id")).toBe("abc.DEF_123-xyz");

    for (const bad of ["short", "has spaces in it", "x".repeat(129), "inject\u00e9ion-value"]) {
      const replaced = proxy(request("/", { headers: { "x-request-id": encodeURI(bad) } }));
      expect(replaced.headers.get("x-request-id")).not.toBe(encodeURI(bad));
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("proxy: content security policy", () => {
  it("sets a fresh nonce per request on the response and passes it to Next", () => {
    const first = proxy(request("/"));
    const second = proxy(request("/"));
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];

    expect(nonce).toBeTruthy();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toContain("unsafe-eval");
    for (const directive of [
      "default-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(forwardedRequestHeader(first, "x-nonce")).toBe(nonce);
    expect(forwardedRequestHeader(first, "content-security-policy")).toBe(csp);
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
  });
});

describe("proxy: cache control", () => {
  it.each(["/api/trpc/lead.list", "/status/health", "/sign-in", "/register/agency"])("%s is no-store", (path) => {
    expect(proxy(request(path)).headers.get("cache-control")).toBe("no-store");
  });

  it("leaves other pages alone", () => {
    expect(proxy(request("/dashboard")).headers.get("cache-control")).toBeNull();
  });
});

describe("proxy: CORS", () => {
  const preflight = (origin: string) =>
    request("/api/trpc/lead.list", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });

  it("answers a preflight from an allowed origin with 204 and that origin, never *", () => {
    const response = proxy(preflight(ALLOWED));

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    expect(response.headers.get("vary")).toContain("Origin");
    expect(response.headers.get("x-middleware-next")).toBeNull();
  });

  it("refuses a preflight from another origin with 403 JSON and no CORS headers", async () => {
    const response = proxy(preflight(OTHER));

    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: expect.any(String) } });
  });

  it("adds CORS headers to an actual API request only for an allowed origin", () => {
    const allowed = proxy(request("/api/trpc/lead.list", { headers: { origin: ALLOWED } }));
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(allowed.headers.get("vary")).toContain("Origin");

    const other = proxy(request("/api/trpc/lead.list", { headers: { origin: OTHER } }));
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(forwardedRequestHeader(other, "x-request-id")).toBeTruthy();
  });

  it("lets public endpoints (a contact form on a customer's site) answer CORS themselves, for any origin", () => {
    const customerSite = "https://plumber.example";
    const response = proxy(
      request("/api/public/contact", {
        method: "OPTIONS",
        headers: { origin: customerSite, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      }),
    );
    expect(response.status).not.toBe(403);
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("proxy: body size limit", () => {
  it("answers 413 JSON when Content-Length is over BODY_LIMIT_BYTES", async () => {
    const response = proxy(
      request("/api/trpc/lead.create", { method: "POST", headers: { "content-length": String(LIMIT + 1) } }),
    );

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining(String(LIMIT)) },
    });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("lets a body at the limit through", () => {
    const response = proxy(
      request("/api/trpc/lead.create", { method: "PUT", headers: { "content-length": String(LIMIT) } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it("leaves signed file uploads to the file route, which enforces the signed limit", () => {
    const response = proxy(request("/api/files/ws/1/imports/x.csv", { method: "PUT", headers: { "content-length": String(20 * 1024 * 1024) } }));
    expect(response.status).not.toBe(413);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it("allows webhooks up to 5 MiB", () => {
    const fiveMiB = 5 * 1024 * 1024;
    const inside = proxy(
      request("/api/webhooks/twilio", { method: "POST", headers: { "content-length": String(fiveMiB) } }),
    );
    const over = proxy(
      request("/api/webhooks/twilio", { method: "POST", headers: { "content-length": String(fiveMiB + 1) } }),
    );
    expect(inside.status).toBe(200);
    expect(over.status).toBe(413);
  });
});

describe("proxy: a form's embed", () => {
  it("may be framed only by the page that asks for it (its Referer's origin); other pages keep frame-ancestors 'none'", () => {
    const csp = (path: string, referer?: string) =>
      proxy(new NextRequest(`http://localhost:8000${path}`, { headers: referer ? { referer } : {} })).headers.get("content-security-policy") ?? "";
    expect(csp("/f/roof-abc/embed", "https://www.example.com/contact?x=1")).toMatch(/frame-ancestors https:\/\/www\.example\.com(;|$)/);
    expect(csp("/f/roof-abc/embed")).toMatch(/frame-ancestors 'none'/);
    expect(csp("/f/roof-abc/embed", "javascript:alert(1)")).toMatch(/frame-ancestors 'none'/);
    expect(csp("/f/roof-abc", "https://www.example.com/")).toMatch(/frame-ancestors 'none'/);
    expect(csp("/f/roof-abc")).toMatch(/frame-src 'self' https:\/\/challenges\.cloudflare\.com/);
    expect(csp("/leads", "https://www.example.com/")).toMatch(/frame-ancestors 'none'/);
  });
});
