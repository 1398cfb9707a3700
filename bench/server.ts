/** Starts and stops the app server for the benchmark, and reads its memory from /proc. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface BenchServer {
  /** pid of the `tsx` launcher we spawned (leader of its own process group). */
  launcherPid: number;
  /** The node process that actually serves requests (tsx runs it as a child). */
  serverPid(): number | null;
  /** Peak resident set (VmHWM) of the serving process, in KiB. */
  peakRssKb(): number | null;
  rssKb(): number | null;
  exited(): boolean;
  stop(): Promise<void>;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    } catch {
      // the task ended meanwhile
    }
  }
  return out;
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** The deepest descendant of `root` (root included) whose command line runs `script`. */
export function findServingProcess(root: number, script = "scripts/server.ts"): number | null {
  let best: { pid: number; depth: number } | null = null;
  const walk = (pid: number, depth: number) => {
    if (depth > 8) return;
    if (commandLine(pid).includes(script) && (!best || depth > best.depth)) best = { pid, depth };
    for (const child of childrenOf(pid)) walk(child, depth + 1);
  };
  walk(root, 0);
  return (best as { pid: number } | null)?.pid ?? null;
}

export function statusField(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs `tsx <script>` (the app server, or worker/index.ts for the import bench) in its own process group; `nodeArgs`
 * go to node before the script (tsx passes them on), e.g. `--cpu-prof`, which NODE_OPTIONS refuses.
 */
export function startServer(root: string, env: NodeJS.ProcessEnv, logFile: string, script = "scripts/server.ts", nodeArgs: string[] = []): BenchServer {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, "w");
  const child: ChildProcess = spawn(path.join(root, "node_modules", ".bin", "tsx"), [...nodeArgs, script], {
    cwd: root,
    env,
    // Its own process group, so stop() reaches tsx and the node process it runs, and a Ctrl-C in the
    // terminal reaches only the bench (which then stops the server itself).
    detached: true,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error("could not spawn the app server");
  const launcherPid = child.pid;
  let exitedFlag = false;
  const exitPromise = new Promise<void>((resolve) => child.once("exit", () => {
    exitedFlag = true;
    resolve();
  }));
  let servingPid: number | null = null;
  const serverPid = () => {
    if (servingPid !== null && alive(servingPid)) return servingPid;
    servingPid = findServingProcess(launcherPid, script);
    return servingPid;
  };
  let lastPeak: number | null = null;
  const peakRssKb = () => {
    const pid = serverPid();
    const value = pid === null ? null : statusField(pid, "VmHWM");
    if (value !== null) lastPeak = value;
    return lastPeak;
  };
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const serving = serverPid();
      if (!exitedFlag) {
        try {
          process.kill(-launcherPid, "SIGTERM");
        } catch {
          // already gone
        }
        const timer = new Promise<void>((r) => setTimeout(r, 12_000).unref());
        await Promise.race([exitPromise, timer]);
      }
      // Whatever is left is killed: the group while one of its members may live (so its id cannot have
      // been reused), and the serving node process if it outlived tsx.
      const servingLeft = serving !== null && alive(serving) && commandLine(serving).includes(script);
      const targets = [...(!exitedFlag || servingLeft ? [-launcherPid] : []), ...(servingLeft ? [serving] : [])];
      for (const target of targets) {
        try {
          process.kill(target, "SIGKILL");
        } catch {
          // already gone
        }
      }
    })());
  return {
    launcherPid,
    serverPid,
    peakRssKb,
    rssKb: () => {
      const pid = serverPid();
      return pid === null ? null : statusField(pid, "VmRSS");
    },
    exited: () => exitedFlag,
    stop,
  };
}
