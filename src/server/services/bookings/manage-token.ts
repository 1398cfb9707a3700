import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/env";

/** The public page a lead manages a booking on (its confirmations and reminders carry the link). */
export const MANAGE_BOOKING_PATH = "/booking";

/**
 * The signed, stateless link of one booking: `<workspace>.<booking>.<expiry, seconds in base 36>.<HMAC>`, keyed by a key
 * derived from ENCRYPTION_KEY (HKDF, its own label, so no other token of ours verifies as one). It expires when the
 * booking ends; a reschedule sends a new link with the new end. Nothing is stored.
 */
let derived: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = getEnv().ENCRYPTION_KEY;
  if (derived?.secret !== secret) {
    derived = { secret, key: Buffer.from(hkdfSync("sha256", Buffer.from(secret, "base64"), Buffer.alloc(0), "loctelli booking manage link v1", 32)) };
  }
  return derived.key;
}

const mac = (payload: string) => createHmac("sha256", key()).update(payload).digest().subarray(0, 16);

export function bookingManageToken(workspaceId: number, bookingId: number, expiresAt: Date): string {
  const payload = `${workspaceId}.${bookingId}.${Math.ceil(expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${mac(payload).toString("base64url")}`;
}

export function bookingManageUrl(workspaceId: number, booking: { id: number; endsAt: Date }): string {
  return `${getEnv().publicUrl}${MANAGE_BOOKING_PATH}/${bookingManageToken(workspaceId, booking.id, booking.endsAt)}`;
}

export type ManageTokenReading =
  | { ok: true; workspaceId: number; bookingId: number; expiresAt: Date }
  | { ok: false; reason: "invalid" | "expired" };

const INT4_MAX = 2_147_483_647;

/** What a token names, checked in constant time; a token past its expiry says so (the page tells the lead in words). */
export function readBookingManageToken(token: string, now = new Date()): ManageTokenReading {
  const match = /^(\d{1,10})\.(\d{1,10})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return { ok: false, reason: "invalid" };
  const expected = mac(`${match[1]}.${match[2]}.${match[3]}`);
  const given = Buffer.from(match[4]!, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  const workspaceId = Number(match[1]);
  const bookingId = Number(match[2]);
  if (workspaceId < 1 || workspaceId > INT4_MAX || bookingId < 1 || bookingId > INT4_MAX) return { ok: false, reason: "invalid" };
  const expiresAt = new Date(parseInt(match[3]!, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, workspaceId, bookingId, expiresAt };
}
