import { createHash } from "node:crypto";
import { Prisma, unsafeDb, unsafeQuery } from "@/server/db/client";

/**
 * API keys look like `lk_<8-char prefix>_<secret>`; only a SHA-256 of the whole key is stored (keys are
 * 256-bit random strings, so a fast hash is enough) together with the visible prefix.
 */
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

const LAST_USED_PRECISION_MS = 60_000;

/** The live key behind `presented`, or null for unknown, revoked and expired keys alike. */
export async function authenticateApiKey(presented: string, now = new Date()) {
  if (presented.length > 200 || !presented.startsWith("lk_")) return null;
  // One round trip, planned once per connection (every public API request starts here, as a session lookup does).
  const [key] = await unsafeQuery<KeyRow>(
    Prisma.sql`SELECT k.id, k."subAccountId", k.scopes, k."revokedAt", k."expiresAt", k."lastUsedAt", w.name AS "workspaceName", w."isActive"
      FROM "ApiKey" k JOIN "SubAccount" w ON w.id = k."subAccountId" WHERE k."keyHash" = ${hashApiKey(presented)}`,
    { name: "api_key_auth" },
  );
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now) || !key.isActive) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await unsafeDb.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { id: key.id, subAccountId: key.subAccountId, workspaceName: key.workspaceName, scopes: key.scopes };
}

interface KeyRow {
  id: number;
  subAccountId: number;
  scopes: string[];
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  workspaceName: string;
  isActive: boolean;
}

/** "leads:write" grants "leads:read"; "*" grants everything. */
export function apiKeyHasScope(scopes: string[], required: string): boolean {
  if (scopes.includes("*") || scopes.includes(required)) return true;
  const [domain, access] = required.split(":");
  return access === "read" && scopes.includes(`${domain}:write`);
}
