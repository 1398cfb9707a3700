import { randomUUID } from "node:crypto";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { afterAll, describe, expect, it } from "vitest";
import { closeRedis, redisReady } from "@/server/redis/client";

afterAll(() => closeRedis());

describe("the shared Redis client (auto-pipelined)", () => {
  // A rate limiter used for the first time defines its script command on the client; with other commands already in
  // that tick's auto pipeline, ioredis refused the limiter's call and then threw an uncaught TypeError (the process ends).
  it("takes a rate limiter's first call in the same tick as other commands", async () => {
    const client = await redisReady();
    const other = client.get(`loctelli:test:${randomUUID()}`);
    const limiter = new RateLimiterRedis({ storeClient: client, keyPrefix: `loctelli:test:rl:${randomUUID()}`, points: 5, duration: 10 });
    const consumed = await limiter.consume("first");
    expect(await other).toBeNull();
    expect(consumed.remainingPoints).toBe(4);
  });
});
