import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { afterAll, describe, expect, it } from "vitest";
import { BCRYPT_COST, burnPasswordCheck, closePasswordPool, hashPassword, verifyPassword } from "@/server/auth/password";

/**
 * bcrypt off the event loop: hashes and compares run in worker threads, so the thread that serves requests stays
 * idle while they run. Event-loop utilisation (the share of wall time the main thread was busy) is read over a burst
 * of work; on the main thread it is close to 1 whatever the machine's load, in the pool close to 0.
 */
describe("password hashing runs in a worker-thread pool", () => {
  afterAll(closePasswordPool);

  it("hashes and compares compatibly with bcryptjs", async () => {
    const hash = await hashPassword("Correct-Horse-Battery-9");
    expect(hash).toMatch(new RegExp(`^\\$2b\\$${BCRYPT_COST}\\$`));
    expect(await bcrypt.compare("Correct-Horse-Battery-9", hash)).toBe(true);
    // Hashes written before the pool existed still verify.
    const old = await bcrypt.hash("an-older-password", 4);
    expect(await verifyPassword("an-older-password", old)).toBe(true);
    expect(await verifyPassword("not-it", old)).toBe(false);
    await expect(burnPasswordCheck("anything")).resolves.toBeUndefined();
  });

  it("leaves the event loop idle during a burst of 8 compares and 2 hashes", async () => {
    const hash = await hashPassword("Correct-Horse-Battery-9");
    const before = performance.eventLoopUtilization();
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => verifyPassword(i % 2 ? "Correct-Horse-Battery-9" : "wrong", hash)),
      hashPassword("another-one-1"),
      hashPassword("another-one-2"),
    ]);
    const busy = performance.eventLoopUtilization(before);
    expect(results.slice(0, 8)).toEqual([false, true, false, true, false, true, false, true]);
    expect(busy.utilization).toBeLessThan(0.5);
  });
});
