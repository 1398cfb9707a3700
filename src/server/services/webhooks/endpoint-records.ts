import type { WorkspaceContext } from "@/server/context";
import { decryptText, encryptText } from "@/server/crypto/encryption";
import { AppError } from "@/server/errors";
import { UnsafeEndpointError, assertSafeEndpoint } from "@/server/integrations/webhooks/address-guard";

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

export function signingSecrets(endpoint: SealedEndpoint, now = new Date()): string[] {
  const secrets = [currentSecretOf(endpoint)];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
    secrets.push(decryptText("webhook-secret", endpoint.previousSecret, secretContext(endpoint.subAccountId, endpoint.id, "previous")));
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
