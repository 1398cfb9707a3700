import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "@/env";
import { logger } from "@/server/logger";
import { AppError } from "@/server/errors";
import { signInSchema } from "@/schemas/auth";
import { signInWithPassword } from "@/server/services/auth/sign-in-with-password";
import { clientIp } from "./client-ip";
import { REMEMBER_ME_TTL_MS, revokeSession, rotateRefreshToken } from "./sessions";
import { enforceRateLimit } from "./rate-limit";
import { sessionCookieName, shouldUseSecureCookies, type LoctelliJWT } from "./session-token";

/** Renew a little before the access window closes, so a request never meets an expired one. */
const RENEW_BEFORE_MS = 60_000;

function headersOf(req: { headers?: Record<string, string | string[] | undefined> | Headers }): Headers {
  if (req.headers instanceof Headers) return req.headers;
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
  return h;
}

/**
 * next-auth v4, credentials only, one system for workspace users and platform admins. The cookie is an
 * encrypted JWT holding the server session id and a refresh token; the jwt callback rotates the refresh
 * token when the 15-minute access window runs out. Sessions themselves live in PostgreSQL.
 */
export function buildAuthOptions(): NextAuthOptions {
  const env = getEnv();
  process.env.NEXTAUTH_URL ??= env.APP_URL;
  return {
    secret: env.JWT_SECRET,
    session: { strategy: "jwt", maxAge: REMEMBER_ME_TTL_MS / 1000 },
    useSecureCookies: shouldUseSecureCookies(),
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: shouldUseSecureCookies() },
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: {
      error: (code, metadata) => logger.error({ code, err: metadata instanceof Error ? { message: metadata.message } : undefined }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          accountKind: { label: "Account kind", type: "text" },
          rememberMe: { label: "Remember me", type: "text" },
        },
        async authorize(credentials, req) {
          const parsed = signInSchema.safeParse({
            email: credentials?.email,
            password: credentials?.password,
            accountKind: credentials?.accountKind === "admin" ? "admin" : "user",
            rememberMe: credentials?.rememberMe === "true",
          });
          if (!parsed.success) throw new Error("Enter your email and password.");
          const headers = headersOf(req as never);
          const requestId = headers.get("x-request-id") ?? crypto.randomUUID();
          const ctx = { requestId, log: logger.child({ requestId }), ip: clientIp(headers), userAgent: headers.get("user-agent") };
          try {
            const session = await signInWithPassword(ctx, parsed.data);
            return {
              id: `${parsed.data.accountKind}:${session.accountId}`,
              kind: parsed.data.accountKind,
              accountId: session.accountId,
              sessionId: session.sessionId,
              refreshToken: session.refreshToken,
              accessExpiresAt: session.accessExpiresAt,
              sessionExpiresAt: session.sessionExpiresAt,
              rememberMe: parsed.data.rememberMe,
            } as never;
          } catch (e) {
            // next-auth hands the message to the sign-in form as `error`.
            if (e instanceof AppError) throw new Error(e.message);
            ctx.log.error({ err: e }, "sign-in failed");
            throw new Error("Sign-in is temporarily unavailable. Try again shortly.");
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }): Promise<JWT> {
        const t = token as LoctelliJWT;
        if (user) {
          const u = user as unknown as { kind: "user" | "admin"; accountId: number; sessionId: string; refreshToken: string; accessExpiresAt: number; sessionExpiresAt: number; rememberMe: boolean };
          return { sub: token.sub, kind: u.kind, aid: u.accountId, sid: u.sessionId, rt: u.refreshToken, accessExpiresAt: u.accessExpiresAt, sessionExpiresAt: u.sessionExpiresAt, rm: u.rememberMe } as JWT;
        }
        if (!t.sid || !t.rt || t.error) return { ...t, error: "session_ended" } as JWT;
        if (typeof t.accessExpiresAt === "number" && t.accessExpiresAt - RENEW_BEFORE_MS > Date.now()) return t as JWT;
        try {
          await enforceRateLimit("refresh", t.sid);
          const next = await rotateRefreshToken(t.sid, t.rt);
          return { ...t, rt: next.refreshToken, accessExpiresAt: next.accessExpiresAt, sessionExpiresAt: next.sessionExpiresAt } as JWT;
        } catch (e) {
          if (e instanceof AppError && (e.code === "TOO_MANY_REQUESTS" || e.code === "SERVICE_UNAVAILABLE")) return t as JWT;
          return { sub: t.sub, sid: t.sid, error: "session_ended" } as JWT;
        }
      },
      async session({ session, token }) {
        const t = token as LoctelliJWT;
        // Only what the browser needs to route; the account itself is loaded server-side per request.
        return {
          expires: typeof t.sessionExpiresAt === "number" ? new Date(t.sessionExpiresAt).toISOString() : session.expires,
          kind: t.kind ?? null,
          accessExpiresAt: t.accessExpiresAt ?? null,
          error: t.error ?? null,
        } as never;
      },
    },
    events: {
      async signOut({ token }) {
        const sid = (token as LoctelliJWT | null)?.sid;
        if (sid) await revokeSession(sid, "signed_out");
      },
    },
  };
}

let cached: NextAuthOptions | undefined;
export const getAuthOptions = () => (cached ??= buildAuthOptions());
