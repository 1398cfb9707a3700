import { randomInt } from "node:crypto";

/** A valid US mobile-format number nobody else in the test database uses (numbers are unique platform-wide). */
export const randomPhone = () => `+1415${randomInt(2, 10)}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;

export const randomSid = (prefix = "SM") => `${prefix}${[...Array(32)].map(() => "0123456789abcdef"[randomInt(16)]).join("")}`;

/** Polls until `read` gives a value `done` accepts; the error names what did not happen and the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
