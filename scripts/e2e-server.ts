// The server Playwright drives (playwright.config.ts webServer): a fresh `loctelli_e2e` database, migrated
// and seeded with the demo workspace, Redis index 2 emptied, a production build, the app on port 8100 and the
// worker (imports, exports and other jobs), both on the same environment and a temporary file storage.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { Redis } from "ioredis";
import { startE2eModelServer } from "./e2e-model-server";

// The tsx binary itself, not npx: npx would not pass SIGTERM on, leaving the real process orphaned.
const TSX = "node_modules/.bin/tsx";

const databaseUrl = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/loctelli_e2e";
const redisUrl = process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379/2";
// Uploads written by the app are read by the worker, and the reports it writes are served by the app. Emptied at
// every start like the database (Playwright may end this process with SIGKILL, so no cleanup at exit is relied on).
const port = process.env.E2E_PORT ?? "8100";
const storageDir = path.join(os.tmpdir(), `loctelli-e2e-storage-${port}`);
fs.rmSync(storageDir, { recursive: true, force: true });
fs.mkdirSync(storageDir, { recursive: true });

/** A port free right now on 127.0.0.1 (the journeys' webhook receiver listens there). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: free } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}
// The journeys' outside systems (e2e/integrations.spec.ts): a webhook receiver and the GoHighLevel emulator
// (tests/support/ghl-server.ts, the connection's API address), each on its own port, the only loopback addresses the
// SSRF guard of outbound requests lets the app reach here, and GoHighLevel's webhook signing key pair, whose private
// half the emulator signs with.
const webhookReceiverPort = await freePort();
const ghlEmulatorPort = await freePort();
const ghlKeys = generateKeyPairSync("ed25519");
const E2E_EMULATORS_FILE = path.join(os.tmpdir(), `loctelli-e2e-${port}-emulators.json`);
fs.writeFileSync(
  E2E_EMULATORS_FILE,
  JSON.stringify({ webhookReceiverPort, ghlEmulatorPort, ghlPrivateKeyPem: ghlKeys.privateKey.export({ type: "pkcs8", format: "pem" }).toString() }),
  { mode: 0o600 },
);
const own = {
  NODE_ENV: "production" as const,
  PORT: port,
  APP_URL: `http://127.0.0.1:${port}`,
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  JWT_SECRET: randomBytes(32).toString("hex"),
  JWT_REFRESH_SECRET: randomBytes(32).toString("hex"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  DEMO_USER_PASSWORD: process.env.DEMO_USER_PASSWORD ?? "DemoPassword123!",
  DEFAULT_ADMIN_PASSWORD: process.env.DEFAULT_ADMIN_PASSWORD ?? "AdminPassword123!",
  LOG_LEVEL: "warn",
  // Journeys that sign up follow the verification link from the development mailbox, as a newcomer would.
  DEV_MAILBOX: "true",
  // Playwright tests present their own client address (e2e/fixtures.ts), as a proxy would.
  TRUST_PROXY_HOPS: "1",
  // The phone simulator in this production build (no Twilio account: SMS stay in the local outbox).
  PHONE_SIMULATOR: "true",
  // A scripted OpenAI-compatible receptionist (scripts/e2e-model-server.ts) answers the AI turns.
  ...(await startE2eModelServer()),
  STORAGE_DIR: storageDir,
  WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${webhookReceiverPort},127.0.0.1:${ghlEmulatorPort}`,
  GHL_WEBHOOK_PUBLIC_KEY: ghlKeys.publicKey.export({ type: "spki", format: "pem" }).toString(),
};
const env = { ...process.env, ...own };
// e2e/several-processes.spec.ts starts more app and worker processes (and the standalone server) on this same product:
// they need the same secrets and services. Random secrets of this run only, readable by this user only.
const E2E_ENV_FILE = path.join(os.tmpdir(), `loctelli-e2e-${port}.json`);
fs.writeFileSync(E2E_ENV_FILE, JSON.stringify(own), { mode: 0o600 });

const admin = new pg.Client({ connectionString: new URL("/postgres", databaseUrl).toString() });
await admin.connect();
const name = new URL(databaseUrl).pathname.slice(1);
await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${name}"`);
await admin.end();
const redis = new Redis(redisUrl);
await redis.flushdb();
await redis.quit();

const run = (args: string[]) => {
  const [cmd, ...rest] = args;
  const r = spawnSync(cmd!, rest, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run([TSX, "scripts/migrate.ts", "deploy"]);
run([TSX, "prisma/seed.ts"]);
if (!fs.existsSync(".next/BUILD_ID") || process.env.E2E_REBUILD === "1") run(["node_modules/.bin/next", "build"]);
// The standalone output of the same build (one build for every journey).
run([TSX, "scripts/standalone-assets.ts"]);

const children: ChildProcess[] = [
  spawn(TSX, ["scripts/server.ts"], { stdio: "inherit", env }),
  spawn(TSX, ["worker/index.ts"], { stdio: "inherit", env }),
];
let stopping = false;
const stop = (code: number) => {
  if (!stopping) {
    stopping = true;
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  }
  const exited = () => children.every((child) => child.exitCode !== null || child.signalCode !== null);
  if (exited()) process.exit(code);
  else for (const child of children) child.once("exit", () => exited() && process.exit(code));
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
// Either one ending stops the other: the journeys need both.
for (const child of children) child.on("exit", (code) => stop(code ?? 0));
