import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";

/** bcrypt cost 12. */
export const BCRYPT_COST = 12;

/**
 * bcryptjs is pure JavaScript (~200 ms of CPU per hash or compare at cost 12): on the event loop a burst of sign-ins
 * would hold up every other request of the process. Hashes and compares run in a pool of worker threads shared by
 * everything in the process (app server or worker): one per core but one, so a sign-in burst never takes the core the
 * event loop answers other requests on (a burst waits in the pool's queue instead). The worker file is resolved from the working
 * directory at run time (every entry point runs from the project root) rather than imported, so Next's bundler
 * leaves it alone.
 */
let pool: Piscina | undefined;
function passwordPool(): Piscina {
  pool ??= new Piscina({
    filename: pathToFileURL(path.join(process.cwd(), "src", "server", "auth", "bcrypt-worker.mjs")).href,
    minThreads: 1,
    maxThreads: Math.max(1, os.availableParallelism() - 1),
    // Idle threads are unreferenced (they never keep a process alive) and end after a minute.
    idleTimeout: 60_000,
  });
  return pool;
}

export const hashPassword = (password: string): Promise<string> =>
  passwordPool().run({ password, cost: BCRYPT_COST }, { name: "hash" });

export const verifyPassword = (password: string, hash: string): Promise<boolean> =>
  passwordPool().run({ password, hash }, { name: "compare" });

/** Ends the pool's threads (graceful shutdown); the next hash or compare starts a new pool. */
export async function closePasswordPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.destroy();
}

// Compared against when the email is unknown, so both answers take the same time.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string) {
  dummyHash ??= hashPassword("loctelli-timing-equaliser");
  await verifyPassword(password, await dummyHash);
}

export const PASSWORD_HISTORY_DEPTH = { user: 5, admin: 10 } as const;

/** A one-time password handed to a person by an admin; they must replace it at first sign-in. */
export const generateTemporaryPassword = () => `${randomBytes(12).toString("base64url")}-7a`;
