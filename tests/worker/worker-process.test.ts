import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { applyTestEnv, TEST_DATABASE_URL, TEST_REDIS_URL } from "../support/test-env";
import { JOBS } from "@/server/jobs/registry";
import { checkRedisEvictionPolicy } from "../../worker/start";

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ${pattern}; output:\n${output}`));
    });
  });
}

function exitCode(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error("did not exit in time")), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe("worker process", () => {
  it("starts, reports ready, and on SIGTERM finishes the job in flight before exiting 0", async () => {
    const prefix = `test-${randomUUID()}`;
    const env: NodeJS.ProcessEnv = { ...process.env, QUEUE_PREFIX: prefix, LOG_LEVEL: "info" };
    applyTestEnv(env);
    // node itself with tsx as a loader, not `npx tsx`: npm runs the command through `sh -c`, which does not pass SIGTERM
    // on, so the worker would never hear it (the Docker worker command avoids npm for the same reason); and a SIGKILL
    // at cleanup reaches the worker itself, where the tsx launcher would leave it running.
    const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], { cwd: root, env });
    children.push(child);
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));

    const ready = await waitForLine(child, /"msg":"worker ready"/, 30_000);
    expect(JSON.parse(ready)).toMatchObject({ service: "worker", level: "info" });
    // The scheduler's first run starts at once; let it finish.
    await waitForLine(child, /"msg":"job finished"/, 15_000);

    // Hold a row lock on an expired session so the next cleanup run blocks inside its DELETE.
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO "AuthSession" (id, "accountKind", "expiresAt") VALUES ($1, 'admin', now() - interval '1 hour') RETURNING id`,
      [randomUUID()],
    );
    const sessionId = rows[0]!.id;
    await db.query("BEGIN");
    await db.query(`SELECT id FROM "AuthSession" WHERE id = $1 FOR UPDATE`, [sessionId]);

    const queue = new Queue("default", { connection: { url: TEST_REDIS_URL }, prefix });
    try {
      const job = await queue.add("cleanup-expired-sessions", {});
      await waitForLine(child, new RegExp(`"jobId":"${job.id}".*"msg":"job started"`), 15_000);

      child.kill("SIGTERM");
      await waitForLine(child, /"msg":"worker stopping: waiting for in-flight jobs"/, 5_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(child.exitCode).toBeNull(); // still draining

      await db.query("COMMIT");
      expect(await exitCode(child, 15_000)).toBe(0);
      const finished = output.indexOf(`"jobId":"${job.id}"`, output.indexOf('"msg":"worker stopping'));
      expect(finished).toBeGreaterThan(-1);
      expect(output.slice(finished)).toMatch(/"msg":"job finished"[\s\S]*"msg":"worker stopped"/);
      expect((await db.query(`SELECT 1 FROM "AuthSession" WHERE id = $1`, [sessionId])).rowCount).toBe(0);
      // Every scheduled job of the default queue, registered once.
      const scheduled = (await queue.getJobSchedulers()).map((s) => s.key).sort();
      expect(scheduled).toEqual(JOBS.filter((j) => j.repeat && j.queue === "default").map((j) => j.name).sort());
    } finally {
      await db.query("ROLLBACK").catch(() => {});
      await db.query(`DELETE FROM "AuthSession" WHERE id = $1`, [sessionId]);
      await db.end();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
  }, 90_000);
});

describe("Redis eviction policy check", () => {
  it("accepts noeviction", async () => {
    const redis = new Redis(TEST_REDIS_URL);
    await expect(checkRedisEvictionPolicy(redis)).resolves.toBeUndefined();
    await redis.quit();
  });

  it("refuses a Redis that may evict keys", async () => {
    // A throwaway redis-server of our own: changing the shared server's policy would disturb other tests.
    const port = await freePort();
    const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "allkeys-lru"]);
    children.push(server);
    const redis = new Redis({ port, host: "127.0.0.1", retryStrategy: (n) => (n > 50 ? null : 100) });
    redis.on("error", () => {}); // refused until the server listens
    try {
      await expect(checkRedisEvictionPolicy(redis)).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/);
    } finally {
      await redis.quit().catch(() => redis.disconnect());
      server.kill("SIGTERM");
      await exitCode(server, 5_000);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}
