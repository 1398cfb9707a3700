import { decryptText, encryptText } from "@/server/crypto/encryption";

/**
 * The secret fields of an integration's configuration (e.g. a GoHighLevel token), sealed together as one AES-GCM value
 * bound to the workspace and template: a ciphertext copied to another workspace's row does not decrypt.
 */
const contextOf = (workspaceId: number, templateId: number) => `integration:${workspaceId}:${templateId}`;

export function sealSecrets(workspaceId: number, templateId: number, secrets: Record<string, string>): string | null {
  return Object.keys(secrets).length ? encryptText("integration-credentials", JSON.stringify(secrets), contextOf(workspaceId, templateId)) : null;
}

export function openSecrets(workspaceId: number, templateId: number, sealed: string | null): Record<string, string> {
  if (!sealed) return {};
  return JSON.parse(decryptText("integration-credentials", sealed, contextOf(workspaceId, templateId))) as Record<string, string>;
}
