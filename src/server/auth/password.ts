import bcrypt from "bcryptjs";

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
