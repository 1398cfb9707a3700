import { getEnv } from "@/env";

/**
 * Set by scripts/server.ts before Next loads: requests reach Next through that server, which rewrites X-Forwarded-For.
 * A global symbol, since Next's bundled copy of this module is not the one scripts/server.ts imports.
 */
const NORMALISED_BY_SERVER = Symbol.for("loctelli.forwardedForNormalised");
const globalFlags = globalThis as unknown as Record<symbol, boolean | undefined>;

/** Called by scripts/server.ts: every request's X-Forwarded-For is rewritten before Next sees it. */
export function markForwardedForNormalised(): void {
  globalFlags[NORMALISED_BY_SERVER] = true;
}

/**
 * The client's IP. Two sources, by deployment:
 * - TRUSTED_CLIENT_IP_HEADER set (the app served without scripts/server.ts, behind a platform that writes the
 *   client's address into that header itself, overwriting what the client sent): that header, its first entry.
 * - Otherwise X-Forwarded-For as normalised by scripts/server.ts: that server drops any client-sent value when
 *   TRUST_PROXY_HOPS is 0 and always appends the direct peer's address, so the last entry is the peer and each trusted
 *   proxy hop moves the client one entry to the left. Addresses further left were written by the client and are never
 *   believed. Next alone keeps a client-sent X-Forwarded-For, which is why the standalone server refuses to start
 *   without TRUSTED_CLIENT_IP_HEADER (clientIpSourceProblem, src/instrumentation.ts).
 */
export function clientIp(headers: Headers): string {
  const env = getEnv();
  if (env.TRUSTED_CLIENT_IP_HEADER) {
    const value = (headers.get(env.TRUSTED_CLIENT_IP_HEADER) ?? "").split(",")[0]?.trim();
    return value ? normalizeIp(value) : "unknown";
  }
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return "unknown";
  const index = Math.max(0, chain.length - 1 - env.TRUST_PROXY_HOPS);
  return normalizeIp(chain[index] ?? "unknown");
}

/**
 * Why a production server cannot tell its clients apart, or null: served by Next alone (standalone output) without
 * TRUSTED_CLIENT_IP_HEADER, a client could name any address in X-Forwarded-For and escape every per-IP limit.
 */
export function clientIpSourceProblem(): string | null {
  const env = getEnv();
  if (!env.isProduction || env.TRUSTED_CLIENT_IP_HEADER || globalFlags[NORMALISED_BY_SERVER]) return null;
  return (
    "Served without scripts/server.ts, the app cannot trust X-Forwarded-For (Next keeps what the client sent). Set " +
    "TRUSTED_CLIENT_IP_HEADER to the header your platform writes the client's address into (e.g. x-real-ip, " +
    "x-vercel-forwarded-for), or serve the app with scripts/server.ts."
  );
}

function normalizeIp(ip: string): string {
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}
