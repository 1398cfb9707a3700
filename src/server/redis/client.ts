import { Redis, type RedisOptions } from "ioredis";
import { getEnv } from "@/env";
import { logger } from "@/server/logger";

/**
 * Two kinds of Redis connection:
 * - `getRedis()`: commands for rate limits, caches and health. It does not queue commands while
 *   disconnected, so a Redis outage fails fast (sign-in then answers 503) instead of hanging.
 * - `createBullConnection()`: BullMQ's blocking connections, which need `maxRetriesPerRequest: null`.
 */
const globalForRedis = globalThis as unknown as { loctelliRedis?: Redis };

export function getRedis(): Redis {
  if (!globalForRedis.loctelliRedis) {
    const client = new Redis(getEnv().redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      lazyConnect: false,
      // Commands issued in the same tick (concurrent jobs and requests) share one socket write.
      enableAutoPipelining: true,
      // Except rate-limiter-flexible's script command: defined when a limiter is first used, it could join an auto
      // pipeline made before it existed, which ioredis then answers with an uncaught TypeError that ends the process
      // ("results[i] is not iterable", redis/ioredis#1931; seen in the test suite, tests/server/redis-client.test.ts).
      autoPipeliningIgnoredCommands: ["rlflxIncr"],
    });
    client.on("error", (err) => logger.warn({ err: { message: err.message } }, "redis connection error"));
    globalForRedis.loctelliRedis = client;
  }
  return globalForRedis.loctelliRedis;
}

export function createBullConnection(overrides: RedisOptions = {}): Redis {
  return new Redis(getEnv().redisUrl, { maxRetriesPerRequest: null, ...overrides });
}

/** Waits until the shared command connection is ready (it does not queue commands before that). */
export async function redisReady(timeoutMs = 5_000): Promise<Redis> {
  return connectionReady(getRedis(), timeoutMs);
}

/** Waits until `client` is ready, or rejects with "Redis not ready" (which requests answer as 503) after `timeoutMs`. */
export async function connectionReady(client: Redis, timeoutMs: number): Promise<Redis> {
  if (client.status === "ready") return client;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    // While Redis is down many requests wait here at once; each removes its own listener.
    const timer = setTimeout(() => {
      client.off("ready", onReady);
      reject(new Error("Redis not ready"));
    }, timeoutMs);
    client.once("ready", onReady);
  });
  return client;
}

export async function closeRedis() {
  const client = globalForRedis.loctelliRedis;
  globalForRedis.loctelliRedis = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
