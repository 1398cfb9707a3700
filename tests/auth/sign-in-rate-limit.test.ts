import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { uniqueIp } from "../support/factories";

/** A port nothing listens on: Redis "stopped" for the fail-closed case. */
async function deadPort() {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

const signInRequest = (ip: string) =>
  new Request("http://localhost:8000/api/auth/callback/credentials", {
    method: "POST",
    headers: { "x-forwarded-for": ip, "content-type": "application/x-www-form-urlencoded" },
    body: "email=a%40b.c&password=x",
  });

describe("sign-in rate limit (5 per 15 minutes per client IP)", () => {
  afterAll(async () => {
    const { closeRedis } = await import("@/server/redis/client");
    await closeRedis();
  });

  it("lets 5 attempts through and answers the 6th with 429 in next-auth's shape", async () => {
    const { guardCredentialsSignIn } = await import("@/server/auth/sign-in-guard");
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) expect(await guardCredentialsSignIn(signInRequest(ip))).toBeNull();
    const refused = await guardCredentialsSignIn(signInRequest(ip));
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = (await refused!.json()) as { url: string; error: { message: string } };
    expect(body.error.message).toMatch(/Too many sign-in attempts/);
    expect(new URL(body.url).searchParams.get("error")).toBe(body.error.message);
    // Another client is unaffected; other next-auth routes are never limited.
    expect(await guardCredentialsSignIn(signInRequest(uniqueIp()))).toBeNull();
    expect(await guardCredentialsSignIn(new Request("http://localhost:8000/api/auth/signout", { method: "POST" }))).toBeNull();
  });

  it("fails closed with a clear 503 when Redis is down", async () => {
    const { closeRedis } = await import("@/server/redis/client");
    const { resetEnvCache } = await import("@/env");
    await closeRedis();
    process.env.REDIS_URL = `redis://127.0.0.1:${await deadPort()}`;
    resetEnvCache();
    const { guardCredentialsSignIn } = await import("@/server/auth/sign-in-guard");
    const refused = await guardCredentialsSignIn(signInRequest(uniqueIp()));
    expect(refused?.status).toBe(503);
    expect(((await refused!.json()) as { error: { message: string } }).error.message).toMatch(/temporarily unavailable/);
  });
});
