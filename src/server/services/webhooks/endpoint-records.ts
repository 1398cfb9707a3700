import type { WorkspaceContext } from "@/server/context";
import { decryptText, encryptText } from "@/server/crypto/encryption";
import { AppError } from "@/server/errors";
import { UnsafeEndpointError, assertSafeEndpoint } from "@/server/integrations/outbound/address-guard";

/** What leaves the server about an endpoint: never a secret (only whether a rotation's previous one still signs). */
export const endpointFields = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  disabledAt: true,
  disabledReason: true,
  previousSecretExpiresAt: true,
  failingSince: true,
  createdAt: true,
  updatedAt: true,
} as const;

export const endpointNotFound = () => new AppError("NOT_FOUND", "No such webhook endpoint in this workspace.");

/** The secret is bound to its workspace and endpoint row: a ciphertext copied elsewhere does not decrypt. */
const secretContext = (subAccountId: number, endpointId: number, which: "current" | "previous") => `webhook-endpoint:${subAccountId}:${endpointId}:${which}`;

export function sealSecret(subAccountId: number, endpointId: number, which: "current" | "previous", secret: string) {
  return encryptText("webhook-secret", secret, secretContext(subAccountId, endpointId, which));
}

/**
 * The secrets that sign a message now: the current one, and the previous one while its overlap lasts.
 */
type SealedEndpoint = { id: number; subAccountId: number; secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null };

export function currentSecretOf(endpoint: SealedEndpoint): string {
  return decryptText("webhook-secret", endpoint.secret, secretContext(endpoint.subAccountId, endpoint.id, "current"));
}

/**
 * Decrypted signing secrets, kept briefly for the deliveries that follow each other to one endpoint. Keyed by the
 * sealed value and its binding (workspace, endpoint, which): a rotation writes new ciphertexts (a fresh IV each time),
 * so a changed secret is never served from here; an entry also lapses after SECRET_CACHE_MS, and the map is bounded.
 */
const SECRET_CACHE_MS = 60_000;
const SECRET_CACHE_MAX = 2_000;
const secretCache = new Map<string, { secret: string; until: number }>();

function cachedSecret(endpoint: SealedEndpoint, which: "current" | "previous", sealed: string): string {
  const context = secretContext(endpoint.subAccountId, endpoint.id, which);
  const key = `${context}\u0000${sealed}`;
  const now = Date.now();
  const hit = secretCache.get(key);
  if (hit && hit.until > now) return hit.secret;
  const secret = decryptText("webhook-secret", sealed, context);
  if (secretCache.size >= SECRET_CACHE_MAX) secretCache.clear();
  secretCache.set(key, { secret, until: now + SECRET_CACHE_MS });
  return secret;
}

/** The secrets that sign a delivery at `now`: the current one, and the previous one while a rotation's overlap lasts. */
export function signingSecrets(endpoint: SealedEndpoint, now = new Date()): string[] {
  const secrets = [cachedSecret(endpoint, "current", endpoint.secret)];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
    secrets.push(cachedSecret(endpoint, "previous", endpoint.previousSecret));
  }
  return secrets;
}

/** The SSRF check of an address being saved, as a field error naming what is wrong. */
export async function checkedEndpointUrl(url: string): Promise<string> {
  try {
    return (await assertSafeEndpoint(url)).toString();
  } catch (e) {
    if (e instanceof UnsafeEndpointError) throw AppError.field("url", e.message);
    throw e;
  }
}

export async function findEndpoint(ctx: WorkspaceContext, id: number) {
  const endpoint = await ctx.db.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint) throw endpointNotFound();
  return endpoint;
}
