import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";

/** bcrypt cost 12, async API (never blocks the event loop with the sync variant). */
export const BCRYPT_COST = 12;

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST);

export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

// Compared against when the email is unknown, so both answers take the same time.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string) {
  dummyHash ??= bcrypt.hash("loctelli-timing-equaliser", BCRYPT_COST);
  await bcrypt.compare(password, await dummyHash);
}

export const PASSWORD_HISTORY_DEPTH = { user: 5, admin: 10 } as const;

/** A one-time password handed to a person by an admin; they must replace it at first sign-in. */
export const generateTemporaryPassword = () => `${randomBytes(12).toString("base64url")}-7a`;
