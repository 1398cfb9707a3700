import type { Redis } from "ioredis";
import { unsafeDb } from "@/server/db/client";
import { logger } from "@/server/logger";
import { getRedis } from "@/server/redis/client";

export type ServiceStatus = "ok" | "error";

export type HealthReport = {
  status: ServiceStatus;
  timestamp: string;
  services: { database: ServiceStatus; redis: ServiceStatus };
  uptime: number;
};

const DEFAULT_TIMEOUT_MS = 1_500;

function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The shared client refuses commands until it is connected (no offline queue). A first check that
 * arrives while it is still connecting waits for "ready"; one that finds it reconnecting after a lost
 * connection fails at once: Redis is down right now.
 */
function whenReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  if (client.status !== "connecting" && client.status !== "connect") {
    return Promise.reject(new Error(`Redis connection is ${client.status}`));
  }
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("end", onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => settle();
    const onEnd = () => settle(new Error("Redis connection closed"));
    const timer = setTimeout(() => settle(new Error("Redis not ready")), timeoutMs);
    client.once("ready", onReady);
    client.once("end", onEnd);
  });
}

async function check(name: string, probe: () => Promise<unknown>, timeoutMs: number): Promise<ServiceStatus> {
  try {
    await withTimeout(probe(), timeoutMs, name);
    return "ok";
  } catch (error) {
    logger.warn({ service: name, reason: error instanceof Error ? error.message : String(error) }, "health check failed");
    return "error";
  }
}

/** Database and Redis reachability, each bounded by its own timeout; the checks run side by side. */
export async function checkHealth(options: { timeoutMs?: number } = {}): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const [database, redis] = await Promise.all([
    check("database", () => unsafeDb.$queryRaw`SELECT 1`, timeoutMs),
    check(
      "redis",
      async () => {
        const client = getRedis();
        await whenReady(client, timeoutMs);
        return client.ping();
      },
      timeoutMs,
    ),
  ]);
  return {
    status: database === "ok" && redis === "ok" ? "ok" : "error",
    timestamp: new Date().toISOString(),
    services: { database, redis },
    uptime: Math.floor(process.uptime()),
  };
}
