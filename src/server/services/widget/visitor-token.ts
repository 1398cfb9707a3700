import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/env";

/**
 * The website visitor's identity: a signed token in an HttpOnly cookie (never readable by the page or the chat's own
 * script). It names the workspace, a random visitor id and, once the visitor has written, the lead; HMAC-SHA256 with a
 * key derived from JWT_SECRET, so nobody can name another lead. The cookie is `Partitioned` (CHIPS): a visitor has one
 * identity per site that embeds the chat, and no site can read or reuse another's.
 */
export interface VisitorToken {
  workspaceId: number;
  visitorId: string;
  leadId: number | null;
  issuedAt: number;
}

export const VISITOR_TOKEN_MAX_AGE_SEC = 30 * 24 * 3600;
const VERSION = "v1";

let derived: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = getEnv().JWT_SECRET;
  if (derived?.secret !== secret) {
    derived = { secret, key: Buffer.from(hkdfSync("sha256", Buffer.from(secret), Buffer.alloc(0), "loctelli widget visitor v1", 32)) };
  }
  return derived.key;
}

const sign = (body: string) => createHmac("sha256", key()).update(`${VERSION}.${body}`).digest("base64url");

export function newVisitorToken(workspaceId: number): VisitorToken {
  return { workspaceId, visitorId: randomBytes(16).toString("base64url"), leadId: null, issuedAt: Math.floor(Date.now() / 1000) };
}

export function encodeVisitorToken(token: VisitorToken): string {
  const body = Buffer.from(JSON.stringify([token.workspaceId, token.visitorId, token.leadId, token.issuedAt])).toString("base64url");
  return `${VERSION}.${body}.${sign(body)}`;
}

/** The token when its signature holds and it has not expired; null for anything else (never throws). */
export function decodeVisitorToken(value: string | null | undefined, now = Date.now()): VisitorToken | null {
  if (!value || value.length > 512) return null;
  const [version, body, signature] = value.split(".");
  if (version !== VERSION || !body || !signature) return null;
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [workspaceId, visitorId, leadId, issuedAt] = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as unknown[];
    if (!Number.isInteger(workspaceId) || typeof visitorId !== "string" || !(leadId === null || Number.isInteger(leadId)) || !Number.isInteger(issuedAt)) return null;
    if ((issuedAt as number) + VISITOR_TOKEN_MAX_AGE_SEC < now / 1000) return null;
    return { workspaceId: workspaceId as number, visitorId, leadId: leadId as number | null, issuedAt: issuedAt as number };
  } catch {
    return null;
  }
}
