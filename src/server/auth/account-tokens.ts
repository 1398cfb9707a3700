import { createHash, randomBytes } from "node:crypto";
import type { AccountTokenPurpose, Prisma } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";

/** How long an emailed link works. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 24 * 60 * 60_000,
  reset_password: 30 * 60_000,
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A new single-use link secret for `userId`; only its SHA-256 is stored. Earlier unused links of the same purpose stop
 * working, so only the newest email's link is live.
 */
export async function issueAccountToken(userId: number, purpose: AccountTokenPurpose, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await unsafeDb.$transaction([
    unsafeDb.accountToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } }),
    unsafeDb.accountToken.create({
      data: { userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS[purpose]), createdAt: now },
    }),
  ]);
  return token;
}

/** The live (unused, unexpired) token row for this secret and purpose, or null. */
export async function findLiveAccountToken(token: string, purpose: AccountTokenPurpose, now = new Date()) {
  const row = await unsafeDb.accountToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true, purpose: true, usedAt: true, expiresAt: true } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= now) return null;
  return row;
}

/** Marks the token used, in `tx`, only if nobody used it first: false when another request won the race. */
export async function consumeAccountToken(tx: Prisma.TransactionClient, tokenId: number, now = new Date()): Promise<boolean> {
  const { count } = await tx.accountToken.updateMany({ where: { id: tokenId, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count === 1;
}
