import { decode } from "next-auth/jwt";
import { getEnv } from "@/env";
import { sessionCookieName, type LoctelliJWT } from "./session-token";

/**
 * next-auth v4 stamps the session cookie with one Expires for everyone (its session maxAge, the 30 days of
 * "remember me"). This rewrites it on next-auth's responses to follow the server session: without "remember me"
 * a browser-session cookie (no Expires: closing the browser forgets it; the server session still ends after 7
 * days), with it the session's own end. Cookies that clear the session (empty value) are left as they are.
 */
export async function withSessionCookieExpiry(response: Response): Promise<Response> {
  const name = sessionCookieName();
  const lines = response.headers.getSetCookie();
  if (!lines.some((line) => line.startsWith(`${name}=`))) return response;
  const rewritten = await Promise.all(lines.map((line) => (line.startsWith(`${name}=`) ? followSession(line, name) : line)));
  const headers = new Headers(response.headers);
  headers.delete("set-cookie");
  for (const line of rewritten) headers.append("set-cookie", line);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function followSession(line: string, name: string): Promise<string> {
  const [pair = "", ...attributes] = line.split(";");
  const raw = decodeURIComponent(pair.slice(name.length + 1).trim());
  if (!raw) return line;
  let token: LoctelliJWT | null = null;
  try {
    token = (await decode({ token: raw, secret: getEnv().JWT_SECRET })) as LoctelliJWT | null;
  } catch {
    return line;
  }
  if (!token?.sid || typeof token.sessionExpiresAt !== "number") return line;
  const kept = attributes.map((a) => a.trim()).filter((a) => a && !/^(expires|max-age)=/i.test(a));
  if (token.rm) kept.push(`Expires=${new Date(token.sessionExpiresAt).toUTCString()}`);
  return [pair, ...kept].join("; ");
}
