import { getEnv } from "@/env";

/**
 * The client's IP, from X-Forwarded-For as normalised by scripts/server.ts: that server drops any
 * client-sent value when TRUST_PROXY_HOPS is 0 and always appends the direct peer's address, so the
 * last entry is the peer and each trusted proxy hop moves the client one entry to the left.
 * Addresses further left were written by the client and are never believed.
 */
export function clientIp(headers: Headers): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return "unknown";
  const hops = getEnv().TRUST_PROXY_HOPS;
  const index = Math.max(0, chain.length - 1 - hops);
  return normalizeIp(chain[index] ?? "unknown");
}

function normalizeIp(ip: string): string {
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}
