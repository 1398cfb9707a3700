import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { freePort, startRedisServer, type RedisServer } from "../support/redis-server";

/**
 * The health route against a Redis of its own, which the test kills to see the route report the outage
 * quickly. The database is the real test database.
 */

type RouteModule = { GET: () => Promise<Response> | Response };

const HEALTH_KEYS = ["services", "status", "timestamp", "uptime"];

describe("GET /status/health", () => {
  let port: number;
  let redis: RedisServer;
  let health: RouteModule;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedisServer(port);
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    resetEnvCache();
    health = (await import("@/app/status/health/route")) as RouteModule;
  });

  afterAll(async () => {
    if (redis) await redis.stop();
    const { closeRedis } = await import("@/server/redis/client");
    await closeRedis();
    const { unsafeDb } = await import("@/server/db/client");
    await unsafeDb.$disconnect();
  });

  it("answers 200 with the spec's shape when the database and Redis are up", async () => {
    const response = await health.GET();
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(HEALTH_KEYS);
    expect(body.status).toBe("ok");
    expect(body.services).toEqual({ database: "ok", redis: "ok" });
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
    expect(Number.isInteger(body.uptime)).toBe(true);
    expect(body.uptime).toBeGreaterThanOrEqual(0);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("checks the Redis it was configured with", async () => {
    const { getRedis } = await import("@/server/redis/client");
    expect(getRedis().options.port).toBe(port);
  });

  it("answers 503 within its timeout when Redis hangs", async () => {
    redis.process.kill("SIGSTOP");
    try {
      const started = Date.now();
      const response = await health.GET();
      const elapsed = Date.now() - started;

      expect(response.status).toBe(503);
      expect((await response.json()).services).toEqual({ database: "ok", redis: "error" });
      expect(elapsed).toBeLessThan(2_500);
    } finally {
      redis.process.kill("SIGCONT");
    }
  });

  it("answers 503 quickly, naming Redis, when Redis is down", async () => {
    await redis.stop();

    const started = Date.now();
    const response = await health.GET();
    const elapsed = Date.now() - started;
    const body = await response.json();

    expect(response.status).toBe(503);
    expect(Object.keys(body).sort()).toEqual(HEALTH_KEYS);
    expect(body.status).toBe("error");
    expect(body.services).toEqual({ database: "ok", redis: "error" });
    expect(elapsed).toBeLessThan(2_500);
  });

  it("recovers once Redis is back", async () => {
    redis = await startRedisServer(port);

    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      status = (await health.GET()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });
});

describe("GET /status", () => {
  it("reports the service as up", async () => {
    const { GET } = (await import("@/app/status/route")) as RouteModule;
    const response = await GET();
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: "ok", service: "loctelli" });
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
  });
});
