import { decode } from "next-auth/jwt";
import { getEnv } from "@/env";

/** What the encrypted next-auth cookie carries. Everything else is read from the database per request. */
export interface SessionClaims {
  sessionId: string;
  accessExpiresAt: number;
}

export interface LoctelliJWT {
  sid?: string;
  rt?: string;
  kind?: "user" | "admin";
  aid?: number;
  accessExpiresAt?: number;
  sessionExpiresAt?: number;
  /** "Remember me" was ticked: the cookie outlives the browser (until the session's end). */
  rm?: boolean;
  error?: "session_ended";
  [key: string]: unknown;
}

export const shouldUseSecureCookies = () => getEnv().APP_URL.startsWith("https://");
export const sessionCookieName = () =>
  shouldUseSecureCookies() ? "__Secure-next-auth.session-token" : "next-auth.session-token";

function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export async function readSessionClaims(cookieHeader: string | null | undefined): Promise<SessionClaims | null> {
  if (!cookieHeader) return null;
  const raw = readCookie(cookieHeader, sessionCookieName());
  if (!raw) return null;
  try {
    const token = (await decode({ token: raw, secret: getEnv().JWT_SECRET })) as LoctelliJWT | null;
    if (!token?.sid || typeof token.accessExpiresAt !== "number" || token.error) return null;
    return { sessionId: token.sid, accessExpiresAt: token.accessExpiresAt };
  } catch {
    return null;
  }
}
