import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/env";

/**
 * The public form's three credentials, all HMAC-SHA256 with a key derived from JWT_SECRET:
 * - the render token, written into the page at render time: names the form, the version shown and when; the server
 *   reads the version the visitor filled and the time they took from it (a bot posting without the page has none);
 * - the session token: random, in an HttpOnly cookie per form; only its SHA-256 is stored (FormSession.token);
 * - the resume link's token: names the session and an expiry, emailed once an email answer is entered.
 */
let derived: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = getEnv().JWT_SECRET;
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", Buffer.from(secret), Buffer.alloc(0), "loctelli form visitor v1", 32)) };
  return derived.key;
}
const sign = (purpose: string, body: string) => createHmac("sha256", key()).update(`${purpose}.${body}`).digest("base64url");
function signatureHolds(purpose: string, body: string, signature: string) {
  const expected = Buffer.from(sign(purpose, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface RenderToken {
  formId: number;
  version: number;
  issuedAtMs: number;
}

/** A page stays fillable this long after it was rendered (then the visitor reloads; saved answers come back). */
export const RENDER_TOKEN_MAX_AGE_MS = 2 * 24 * 3600 * 1000;

export function encodeRenderToken(t: RenderToken): string {
  const body = `${t.formId}.${t.version}.${t.issuedAtMs}`;
  return `${body}.${sign("render", body)}`;
}

/** The token when it is ours, for this form and not too old; null otherwise (never throws). */
export function decodeRenderToken(value: string, formId: number, now = Date.now()): RenderToken | null {
  const parts = value.split(".");
  if (parts.length !== 4) return null;
  const [f, v, at, signature] = parts as [string, string, string, string];
  if (!signatureHolds("render", `${f}.${v}.${at}`, signature)) return null;
  const token = { formId: Number(f), version: Number(v), issuedAtMs: Number(at) };
  if (token.formId !== formId || !Number.isSafeInteger(token.version) || !Number.isSafeInteger(token.issuedAtMs)) return null;
  if (token.issuedAtMs > now + 60_000 || now - token.issuedAtMs > RENDER_TOKEN_MAX_AGE_MS) return null;
  return token;
}

export const newSessionToken = () => randomBytes(32).toString("base64url");
export const hashSessionToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Partial sessions (and resume links) last 30 days from the last save. */
export const FORM_SESSION_DAYS = 30;
export const FORM_SESSION_MAX_AGE_SEC = FORM_SESSION_DAYS * 24 * 3600;

export function encodeResumeToken(sessionId: number, expiresAtSec: number): string {
  const body = `${sessionId}.${expiresAtSec}`;
  return `${body}.${sign("resume", body)}`;
}

export function decodeResumeToken(value: string, now = Date.now()): { sessionId: number } | null {
  const parts = value.split(".");
  if (parts.length !== 3) return null;
  const [id, exp, signature] = parts as [string, string, string];
  if (!signatureHolds("resume", `${id}.${exp}`, signature)) return null;
  const sessionId = Number(id);
  if (!Number.isSafeInteger(sessionId) || sessionId <= 0 || sessionId > 2_147_483_647 || Number(exp) * 1000 < now) return null;
  return { sessionId };
}
