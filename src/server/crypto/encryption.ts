import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/env";

/**
 * AES-256-GCM for data at rest (message content, integration credentials). Each purpose gets its own key derived
 * from ENCRYPTION_KEY with HKDF, and the caller's context (e.g. "message:12:345") is bound as additional
 * authenticated data, so a ciphertext copied to another row or purpose fails to decrypt.
 *
 * Format: `v1.<iv base64url>.<tag base64url>.<ciphertext base64url>`.
 */
export type EncryptionPurpose =
  | "message-content"
  | "integration-credentials"
  | "conversation-summary"
  | "notification-content"
  | "local-outbox"
  | "webhook-payload"
  | "webhook-secret";

const VERSION = "v1";
const IV_BYTES = 12;
const keyCache = new Map<string, Buffer>();

function keyFor(purpose: EncryptionPurpose): Buffer {
  const master = getEnv().ENCRYPTION_KEY;
  const cacheKey = `${purpose}:${master}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", Buffer.from(master, "base64"), Buffer.alloc(0), `loctelli ${purpose} v1`, 32));
    keyCache.set(cacheKey, key);
  }
  return key;
}

export function encryptText(purpose: EncryptionPurpose, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`Encrypted value could not be decrypted: ${reason}`);
    this.name = "DecryptionError";
  }
}

/** Throws DecryptionError when the value was tampered with, belongs to another context, or the key changed. */
export function decryptText(purpose: EncryptionPurpose, value: string, context: string): string {
  const parts = value.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new DecryptionError("unknown format");
  const [, iv, tag, ciphertext] = parts as [string, string, string, string];
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("authentication failed");
  }
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(`${VERSION}.`) && value.split(".").length === 4;
}
