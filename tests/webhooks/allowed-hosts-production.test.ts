import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/env";

const ROOT = path.resolve(import.meta.dirname, "../..");

// WEBHOOK_ALLOWED_HOSTS lets webhooks reach internal hosts past the SSRF guard: development and tests only.
const base = {
  JWT_SECRET: "j".repeat(40),
  JWT_REFRESH_SECRET: "r".repeat(40),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

describe("WEBHOOK_ALLOWED_HOSTS in production", () => {
  it("is refused when NODE_ENV=production for anything but a loopback address with its port, naming the setting and why", () => {
    let refused: unknown;
    try {
      parseEnv({ ...base, NODE_ENV: "production", WEBHOOK_ALLOWED_HOSTS: "localhost:4000" });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(EnvError);
    expect((refused as EnvError).problems).toEqual([
      "WEBHOOK_ALLOWED_HOSTS: with NODE_ENV=production it may only name a loopback address with its port (127.0.0.1:4000 or [::1]:4000), not localhost:4000: other hosts would let any workspace's webhooks reach internal systems",
    ]);
    for (const refused of ["10.0.0.5:80", "127.0.0.1", "169.254.169.254:80", "127.0.0.1:4000,internal.example:443"]) {
      expect(() => parseEnv({ ...base, NODE_ENV: "production", WEBHOOK_ALLOWED_HOSTS: refused }), refused).toThrow(EnvError);
    }
  });

  it("is accepted in development and tests, and production without it, empty or with loopback ports starts", () => {
    expect(parseEnv({ ...base, NODE_ENV: "development", WEBHOOK_ALLOWED_HOSTS: "localhost:4000" }).WEBHOOK_ALLOWED_HOSTS).toBe("localhost:4000");
    expect(parseEnv({ ...base, NODE_ENV: "test", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1:9" }).WEBHOOK_ALLOWED_HOSTS).toBe("127.0.0.1:9");
    expect(parseEnv({ ...base, NODE_ENV: "production" }).WEBHOOK_ALLOWED_HOSTS).toBeUndefined();
    // A production build under test may name its receiver on this machine (the browser journeys do).
    expect(parseEnv({ ...base, NODE_ENV: "production", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1:4000, [::1]:4001" }).WEBHOOK_ALLOWED_HOSTS).toBe("127.0.0.1:4000, [::1]:4001");
    expect(parseEnv({ ...base, NODE_ENV: "production", WEBHOOK_ALLOWED_HOSTS: " " }).WEBHOOK_ALLOWED_HOSTS).toBeUndefined();
  });

  it("npm start's preflight stops at once with that one line (no stack trace)", () => {
    const result = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/preflight.ts", "services"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, ...base, NODE_ENV: "production", WEBHOOK_ALLOWED_HOSTS: "localhost:4000" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Invalid setting WEBHOOK_ALLOWED_HOSTS: with NODE_ENV=production it may only name a loopback address with its port .*internal systems$/)]);
  });
});
