import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * Signed URLs of the filesystem driver: `${APP_URL}/api/files/<key>?expires=<unix>&sig=<hmac>` (plus the
 * signed upload terms for a PUT). The HMAC key is derived from ENCRYPTION_KEY with HKDF, so a storage URL
 * signature reveals nothing about the key that encrypts credentials.
 */
export type SignedFileRequest =
  | { method: "GET"; key: string; expires: number; downloadName?: string }
  | { method: "PUT"; key: string; expires: number; contentType: string; maxBytes: number };

export function deriveUrlSigningKey(encryptionKeyBase64: string): Buffer {
  const ikm = Buffer.from(encryptionKeyBase64, "base64");
  return Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), "loctelli storage-url v1", 32));
}

function canonical(request: SignedFileRequest): string {
  const terms =
    request.method === "GET"
      ? [request.downloadName ?? ""]
      : [request.contentType, String(request.maxBytes)];
  // JSON keeps every field unambiguous whatever characters a key or name contains.
  return JSON.stringify([request.method, request.key, request.expires, ...terms]);
}

export function signFileRequest(signingKey: Buffer, request: SignedFileRequest): string {
  return createHmac("sha256", signingKey).update(canonical(request)).digest("base64url");
}

export function isSignatureValid(signingKey: Buffer, request: SignedFileRequest, signature: string): boolean {
  const expected = Buffer.from(signFileRequest(signingKey, request));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The URL path of a key: each segment percent-encoded, the slashes kept. */
export function fileUrlPath(key: string): string {
  return `/api/files/${key.split("/").map(encodeURIComponent).join("/")}`;
}

export function buildSignedFileUrl(appUrl: string, signingKey: Buffer, request: SignedFileRequest): string {
  const url = new URL(fileUrlPath(request.key), appUrl);
  url.searchParams.set("expires", String(request.expires));
  if (request.method === "GET") {
    if (request.downloadName) url.searchParams.set("name", request.downloadName);
  } else {
    url.searchParams.set("ct", request.contentType);
    url.searchParams.set("max", String(request.maxBytes));
  }
  url.searchParams.set("sig", signFileRequest(signingKey, request));
  return url.toString();
}
