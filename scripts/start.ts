// `npm start`: the whole product on one machine. Writes local secrets into .env when missing, checks that PostgreSQL
// and Redis answer (stopping at once with a line naming what to start when not), migrates
// and seeds the database (onboarding workspace, super admin, demo workspace), builds the app if no build
// exists, then runs the app server and the worker side by side until Ctrl-C.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { ensureLocalEnv } from "./ensure-env";
import { appRuntimeEnv } from "./node-options";

// The tsx binary itself, not npx: npx would not pass SIGTERM on, leaving the real process orphaned.
const TSX = "node_modules/.bin/tsx";

ensureLocalEnv();
const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// PostgreSQL or Redis not answering: one line each naming the address and how to start it, within 2 s.
run(TSX, ["scripts/preflight.ts", "services"]);

run(TSX, ["scripts/migrate.ts", "deploy"]);
run(TSX, ["prisma/seed.ts"]);
if (!fs.existsSync(".next/BUILD_ID") || process.argv.includes("--rebuild")) run("node_modules/.bin/next", ["build"]);

// The phone simulator page (/simulator) is on for a local start unless PHONE_SIMULATOR says otherwise. So is the
// development mailbox (/dev/mailbox: what the local outbox "sent", so a newcomer can follow the sign-up link) unless
// DEV_MAILBOX=false; it stays off whenever Postmark is configured.
const mailbox = /^DEV_MAILBOX=false$/m.test(fs.existsSync(".env") ? fs.readFileSync(".env", "utf8") : "") ? "false" : "true";
const production = { PHONE_SIMULATOR: "true", DEV_MAILBOX: mailbox, ...process.env, NODE_ENV: "production" as const };
const children: ChildProcess[] = [
  // The app server's memory is bounded (scripts/node-options.ts); the worker keeps Node's defaults, since an import
  // or export of a large file may need more heap for a while.
  spawn(TSX, ["scripts/server.ts"], { stdio: "inherit", env: { ...production, ...appRuntimeEnv() } }),
  spawn(TSX, ["worker/index.ts"], { stdio: "inherit", env: production }),
];
let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 15_000).unref();
};
for (const child of children) {
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`a process exited (code ${code}); stopping the rest`);
      stop(code ?? 1);
    } else if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(0);
  });
}
process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());
