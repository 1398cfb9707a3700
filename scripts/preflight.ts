// What `npm test` and `npm start` need from the machine, checked before anything else runs, so a fresh machine gets
// one line saying what is missing instead of a stack trace much later.
//   tsx scripts/preflight.ts packages   Debian packages the tests use: installed when root with apt-get, else named
//   tsx scripts/preflight.ts services   PostgreSQL and Redis answer at the configured addresses (2 s at most);
//                                       with --test, at the test run's (TEST_DATABASE_URL, TEST_REDIS_URL)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/** Debian packages the test command needs, and how each is found. */
export const TEST_PACKAGES = [
  { name: "chromium", present: () => fs.existsSync("/usr/bin/chromium"), why: "browser journeys" },
  { name: "unzip", present: () => onPath("unzip"), why: "reading exported ZIP files" },
] as const;

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(":").some((dir) => dir && fs.existsSync(`${dir}/${command}`));
}

export interface PackageFacts {
  missing: string[];
  isRoot: boolean;
  hasAptGet: boolean;
}

export type PackagePlan = { action: "none" } | { action: "install"; commands: string[][] } | { action: "stop"; message: string };

/** Missing packages are installed when this process may (root, apt-get); otherwise one line names them. */
export function planPackages(facts: PackageFacts): PackagePlan {
  if (facts.missing.length === 0) return { action: "none" };
  if (facts.isRoot && facts.hasAptGet) {
    return {
      action: "install",
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...facts.missing],
      ],
    };
  }
  const how = facts.hasAptGet ? `sudo apt-get install ${facts.missing.join(" ")}` : `install ${facts.missing.join(" ")} with your package manager`;
  return { action: "stop", message: `npm test needs ${facts.missing.join(" and ")} (Debian packages), which are missing: run \`${how}\`, then try again.` };
}

export function packageFacts(): PackageFacts {
  return {
    missing: TEST_PACKAGES.filter((p) => !p.present()).map((p) => p.name),
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath("apt-get"),
  };
}

/**
 * Resolves whether the server at host:port answers `probe` the way `recognise` expects, within `timeoutMs`. A bare TCP
 * connect is not enough: a proxy or another program may accept the connection.
 */
export function answers(host: string, port: number, probe: Buffer, recognise: (reply: Buffer) => boolean, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => socket.write(probe));
    socket.once("data", (reply: Buffer) => done(recognise(reply)));
    socket.once("error", () => done(false));
    socket.once("end", () => done(false));
  });
}

// PostgreSQL's SSLRequest (length 8, code 80877103): a server answers one byte, "S" or "N".
const PG_SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
export const postgresAnswers = (host: string, port: number, timeoutMs?: number) =>
  answers(host, port, PG_SSL_REQUEST, (r) => r.length === 1 && (r[0] === 0x53 || r[0] === 0x4e), timeoutMs);
// Redis answers PING with +PONG, or with an error (-NOAUTH ...) when it wants a password: either way it is Redis.
export const redisAnswers = (host: string, port: number, timeoutMs?: number) =>
  answers(host, port, Buffer.from("PING\r\n"), (r) => /^(\+PONG|-NOAUTH|-ERR)/.test(r.toString("latin1")), timeoutMs);

interface Address {
  host: string;
  port: number;
}

function addressOf(url: string, defaultPort: number): Address {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", port: Number(parsed.port) || defaultPort };
}

const LOCAL = new Set(["127.0.0.1", "localhost", "::1"]);

/**
 * One line per dependency that does not answer, naming its address and how to start it; empty when both answer.
 * Both are tried at once, so this takes at most `timeoutMs`.
 */
export async function unreachableServices(urls: { databaseUrl: string; redisUrl: string }, timeoutMs = 2_000): Promise<string[]> {
  const db = addressOf(urls.databaseUrl, 5432);
  const redis = addressOf(urls.redisUrl, 6379);
  const [dbUp, redisUp] = await Promise.all([postgresAnswers(db.host, db.port, timeoutMs), redisAnswers(redis.host, redis.port, timeoutMs)]);
  const lines: string[] = [];
  if (!dbUp) {
    const how = LOCAL.has(db.host)
      ? "start it (`docker compose up -d postgres`, or on Debian `pg_ctlcluster 15 main start`) or set DATABASE_URL in .env"
      : "check that the server runs and DATABASE_URL in .env is right";
    lines.push(`PostgreSQL is not reachable at ${db.host}:${db.port}: ${how}.`);
  }
  if (!redisUp) {
    const how = LOCAL.has(redis.host)
      ? "start it (`docker compose up -d redis`, or `redis-server --daemonize yes`) or set REDIS_URL in .env"
      : "check that the server runs and REDIS_URL in .env is right";
    lines.push(`Redis is not reachable at ${redis.host}:${redis.port}: ${how}.`);
  }
  return lines;
}

async function main(command: string | undefined) {
  if (command === "packages") {
    const plan = planPackages(packageFacts());
    if (plan.action === "stop") {
      console.error(plan.message);
      process.exit(1);
    }
    if (plan.action === "install") {
      console.log(`Installing ${packageFacts().missing.join(", ")} (apt-get)`);
      for (const [cmd, ...args] of plan.commands) execFileSync(cmd!, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    }
    return;
  }
  if (command === "services") {
    let urls: { databaseUrl: string; redisUrl: string };
    if (process.argv.includes("--test")) {
      const { TEST_DATABASE_URL, TEST_REDIS_URL } = await import("../tests/support/test-env");
      urls = { databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL };
    } else {
      const { config } = await import("dotenv");
      config({ quiet: true });
      const { EnvError, parseEnv } = await import("@/env");
      let env: ReturnType<typeof parseEnv>;
      try {
        env = parseEnv();
      } catch (e) {
        // An invalid setting (e.g. WEBHOOK_ALLOWED_HOSTS in production): one line per problem, no stack trace.
        if (!(e instanceof EnvError)) throw e;
        for (const problem of e.problems) console.error(`Invalid setting ${problem}`);
        process.exit(1);
      }
      urls = { databaseUrl: env.DATABASE_URL, redisUrl: env.redisUrl };
    }
    const lines = await unreachableServices(urls);
    for (const line of lines) console.error(line);
    if (lines.length) process.exit(1);
    return;
  }
  console.error("usage: tsx scripts/preflight.ts packages|services");
  process.exit(2);
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv[2]);
