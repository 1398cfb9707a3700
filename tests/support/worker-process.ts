import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the process wrote so far (pino JSON lines). */
  output(): string;
}

/**
 * `worker/index.ts` as a real process with this test file's database, Redis, queue prefix and storage (plus `env`);
 * resolves once it is ready. node runs with tsx as a loader, not the tsx launcher: SIGKILL must reach the worker (a
 * killed launcher leaves the node process it started running). A short lock, so a crashed worker's job is noticed
 * as stalled within seconds instead of 30. No schedulers: their sweeps would reach into the test files running alongside
 * (the test database is shared), and no test here depends on them.
 */
export async function startWorkerProcess(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", WORKER_LOCK_DURATION_MS: "1500", RUN_MIGRATIONS_ON_START: "false", WORKER_SCHEDULERS: "false", ...env },
  });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready:\n${output}`)), 60_000);
    const check = () => {
      if (!output.includes('"msg":"worker ready"')) return;
      clearTimeout(timer);
      child.stdout!.off("data", check);
      child.stderr!.off("data", check);
      resolve();
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", (code) => reject(new Error(`worker exited (${code}):\n${output}`)));
  });
  return { child, output: () => output };
}
