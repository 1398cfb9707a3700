import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";

/**
 * A PostgreSQL cluster and a Redis server of the test's own, on free ports in a temporary directory, for tests
 * that stop and start their dependencies. The machine's shared PostgreSQL (5432) and Redis (6379) serve every
 * other test file in parallel and are never touched.
 */
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

// initdb refuses to run as root: as root (CI), the cluster belongs to the `postgres` OS user.
const asRoot = process.getuid?.() === 0;
const run = promisify(execFile);
// Asynchronous, so requests in flight keep running (and meet the stop) while the server shuts down.
async function runPg(bin: string, args: string[]) {
  const command = path.join(PG_BIN, bin);
  await (asRoot ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args));
}

export interface ThrowawayPostgres {
  url: string;
  port: number;
  /** Stops the server (fast shutdown: open transactions are aborted, clients see "terminating connection"). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server for good and deletes its files. */
  destroy(): Promise<void>;
}

export async function startThrowawayPostgres(database = "loctelli"): Promise<ThrowawayPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loctelli-pg-"));
  if (asRoot) await run("chown", ["postgres:postgres", dir]);
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  await runPg("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const pgCtl = (...args: string[]) => runPg("pg_ctl", ["-D", dataDir, "-l", path.join(dir, "server.log"), ...args]);
  const start = () => pgCtl("start", "-w", "-t", "30", "-o", options);
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/${database}`,
    port,
    stop: () => pgCtl("stop", "-w", "-m", "fast"),
    start,
    async destroy() {
      await pgCtl("stop", "-w", "-m", "immediate").catch(() => {
        // already stopped
      });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ThrowawayRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  const start = async () => {
    const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    server = child;
    // Ready when it says so on stdout.
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("Ready to accept connections")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
    });
  };
  const stop = async () => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}/0`, port, stop, start };
}
