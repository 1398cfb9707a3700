import { createHash } from "node:crypto";
import { unsafeDb } from "@/server/db/client";

/**
 * API keys look like `lk_<8-char prefix>_<secret>`; only a SHA-256 of the whole key is stored (keys are
 * 256-bit random strings, so a fast hash is enough) together with the visible prefix.
 */
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

const LAST_USED_PRECISION_MS = 60_000;

/** The live key behind `presented`, or null for unknown, revoked and expired keys alike. */
export async function authenticateApiKey(presented: string, now = new Date()) {
  if (presented.length > 200 || !presented.startsWith("lk_")) return null;
  const key = await unsafeDb.apiKey.findUnique({
    where: { keyHash: hashApiKey(presented) },
    include: { subAccount: { select: { name: true, isActive: true } } },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now) || !key.subAccount.isActive) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await unsafeDb.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { id: key.id, subAccountId: key.subAccountId, workspaceName: key.subAccount.name, scopes: key.scopes };
}

/** "leads:write" grants "leads:read"; "*" grants everything. */
export function apiKeyHasScope(scopes: string[], required: string): boolean {
  if (scopes.includes("*") || scopes.includes(required)) return true;
  const [domain, access] = required.split(":");
  return access === "read" && scopes.includes(`${domain}:write`);
}
