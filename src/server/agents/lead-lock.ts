import { randomUUID } from "node:crypto";
import { redisReady } from "@/server/redis/client";

/**
 * One turn at a time per lead: a Redis lock (SET NX PX) released only by its holder. The TTL outlives the longest
 * turn (every model attempt timing out at every step), so it only expires when a worker died holding it.
 */
export const LEAD_LOCK_TTL_MS = 10 * 60_000;
const keyOf = (subAccountId: number, leadId: number) => `ai-turn-lock:${subAccountId}:${leadId}`;

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Runs `fn` holding the lead's lock; returns `{ locked: false }` at once when another turn holds it. */
export async function withLeadLock<T>(subAccountId: number, leadId: number, fn: () => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }> {
  const redis = await redisReady();
  const key = keyOf(subAccountId, leadId);
  const token = randomUUID();
  const acquired = await redis.set(key, token, "PX", LEAD_LOCK_TTL_MS, "NX");
  if (acquired !== "OK") return { locked: false };
  try {
    return { locked: true, value: await fn() };
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
