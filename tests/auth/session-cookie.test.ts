import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { getEnv } from "@/env";
import { buildAuthOptions } from "@/server/auth/options";
import { withSessionCookieExpiry } from "@/server/auth/session-cookie";

/**
 * The session cookie's lifetime follows the server session: without "remember me" a browser-session cookie (no
 * Expires / Max-Age), with it the session's end. next-auth alone stamps every session cookie with its 30-day maxAge;
 * the route handler passes its responses through withSessionCookieExpiry (the browser journey checks the cookie the
 * real server sets).
 */
const DAY_MS = 24 * 60 * 60_000;

/** A response as next-auth's route handler answers a sign-in: its JWT, serialised with its own 30-day Expires. */
async function nextAuthResponse(rememberMe: boolean) {
  const options = buildAuthOptions();
  const sessionExpiresAt = Date.now() + (rememberMe ? 30 : 7) * DAY_MS;
  const token = await options.callbacks!.jwt!({
    token: { sub: "user:1" },
    user: { id: "user:1", kind: "user", accountId: 1, sessionId: "s-1", refreshToken: "rt", accessExpiresAt: Date.now() + 900_000, sessionExpiresAt, rememberMe } as never,
    account: null,
  } as never);
  const value = await encode({ token, secret: getEnv().JWT_SECRET });
  const nextAuthExpiry = new Date(Date.now() + 30 * DAY_MS).toUTCString();
  const headers = new Headers({ "content-type": "application/json" });
  headers.append("set-cookie", `next-auth.csrf-token=abc; Path=/; HttpOnly; SameSite=Lax`);
  headers.append("set-cookie", `next-auth.session-token=${value}; Path=/; Expires=${nextAuthExpiry}; HttpOnly; SameSite=Lax`);
  return { response: new Response(JSON.stringify({ url: "http://localhost:8000/" }), { status: 200, headers }), sessionExpiresAt };
}

const sessionLine = (res: Response) => res.headers.getSetCookie().find((l) => l.startsWith("next-auth.session-token="))!;

describe("session cookie expiry follows the session", () => {
  it("is a browser-session cookie without remember me", async () => {
    const { response } = await nextAuthResponse(false);
    const out = await withSessionCookieExpiry(response);
    const line = sessionLine(out);
    expect(line).not.toMatch(/expires=|max-age=/i);
    expect(line).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
    // Everything else is untouched: status, body, the other cookies.
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ url: "http://localhost:8000/" });
    expect(out.headers.getSetCookie()).toContain("next-auth.csrf-token=abc; Path=/; HttpOnly; SameSite=Lax");
  });

  it("ends with the session (30 days) with remember me", async () => {
    const { response, sessionExpiresAt } = await nextAuthResponse(true);
    const line = sessionLine(await withSessionCookieExpiry(response));
    const expires = /;\s*Expires=([^;]+)/i.exec(line)?.[1];
    expect(expires).toBe(new Date(sessionExpiresAt).toUTCString());
  });

  it("leaves a cookie that clears the session alone", async () => {
    const cleared = "next-auth.session-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax";
    const out = await withSessionCookieExpiry(new Response(null, { status: 302, headers: { "set-cookie": cleared } }));
    expect(sessionLine(out)).toBe(cleared);
  });
});
