import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { planPackages, unreachableServices } from "../../scripts/preflight";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../support/test-env";
import { freePort } from "../support/throwaway-services";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("npm test on a fresh machine: the Debian packages it needs", () => {
  it("installs missing packages when it runs as root with apt-get, updating the package lists first", () => {
    expect(planPackages({ missing: ["chromium", "unzip"], isRoot: true, hasAptGet: true })).toEqual({
      action: "install",
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "unzip"],
      ],
    });
  });

  it("otherwise stops with one line naming what to install", () => {
    const plan = planPackages({ missing: ["chromium"], isRoot: false, hasAptGet: true });
    expect(plan).toEqual({ action: "stop", message: expect.stringContaining("sudo apt-get install chromium") });
    expect((plan as { message: string }).message).not.toContain("\n");
    expect(planPackages({ missing: ["unzip"], isRoot: true, hasAptGet: false })).toMatchObject({ action: "stop" });
  });

  it("does nothing when everything is there", () => {
    expect(planPackages({ missing: [], isRoot: false, hasAptGet: false })).toEqual({ action: "none" });
  });
});

describe("npm start and npm test when PostgreSQL or Redis does not answer", () => {
  it("says nothing when both answer", async () => {
    expect(await unreachableServices({ databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL })).toEqual([]);
  });

  it("names each address that does not answer and how to start it, one line each", async () => {
    const [dbPort, redisPort] = [await freePort(), await freePort()];
    const lines = await unreachableServices({
      databaseUrl: `postgresql://postgres@127.0.0.1:${dbPort}/loctelli`,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
    });
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^PostgreSQL is not reachable at 127\\.0\\.0\\.1:${dbPort}: start it \\(.*pg_ctlcluster`)),
      expect.stringMatching(new RegExp(`^Redis is not reachable at 127\\.0\\.0\\.1:${redisPort}: start it \\(.*redis-server`)),
    ]);
  });

  it("is not fooled by something else listening on the port", async () => {
    // A server that accepts connections but speaks neither protocol (a proxy, another program).
    const impostor = net.createServer((socket) => socket.on("data", () => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n")));
    impostor.listen(0, "127.0.0.1");
    await once(impostor, "listening");
    const { port } = impostor.address() as net.AddressInfo;
    try {
      const lines = await unreachableServices({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/x`, redisUrl: `redis://127.0.0.1:${port}` });
      expect(lines).toHaveLength(2);
    } finally {
      impostor.close();
    }
  });

  it("npm start stops at once with those lines, before migrating (no stack trace)", async () => {
    const port = await freePort();
    const result = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/start.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/loctelli`,
        REDIS_URL: TEST_REDIS_URL,
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^PostgreSQL is not reachable at 127\\.0\\.0\\.1:${port}: start it`))]);
    expect(result.stdout).not.toMatch(/migration|applied/i);
  });
});
