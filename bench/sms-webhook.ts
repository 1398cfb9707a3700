// `npm run bench:sms`: the inbound SMS webhook's acknowledgement under an open-loop 500 requests/s, against a plain
// route handler answering the same TwiML in the same server and the same run. Own database loctelli_bench_sms (dropped
// and recreated), Redis db 12 under a queue prefix of its own (removed afterwards). Writes bench/results/sms-webhook.json.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import twilio from "twilio";
import { recreateBenchDatabase } from "./database";
import { ratio, round, summarize, type Summary } from "./stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "sms-webhook.json");
const DB_NAME = "loctelli_bench_sms";
const PORT = 8262;
const CONFIG = { ratePerSecond: 500, secondsPerRoute: 10, maxInFlight: 256, leads: 50, goalP99Ratio: 1.5 } as const;
const ACCOUNT = { sid: `AC${randomBytes(16).toString("hex")}`, token: randomBytes(16).toString("hex") };
const OUR_NUMBER = "+12025550199";
const PUBLIC_URL = `http://127.0.0.1:${PORT}`;

// Set before any app module reads the environment (this process and the server it starts).
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB_NAME}`,
  DATABASE_POOL_SIZE: "10",
  REDIS_URL: "redis://127.0.0.1:6379/12",
  QUEUE_PREFIX: `bench-sms-${randomBytes(4).toString("hex")}`,
  LOG_LEVEL: "warn",
  RUN_MIGRATIONS_ON_START: "false",
  PUBLIC_URL,
  TWILIO_ACCOUNT_SID: ACCOUNT.sid,
  TWILIO_AUTH_TOKEN: ACCOUNT.token,
  JWT_SECRET: randomBytes(48).toString("base64url"),
  JWT_REFRESH_SECRET: randomBytes(48).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});

const log = (msg: string) => console.log(`[bench:sms] ${msg}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONFIG.maxInFlight });

function post(pathname: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: PORT, path: pathname, method: "POST", agent, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

let sequence = 0;
/** One inbound SMS as Twilio sends it: a new MessageSid each time, one of the leads' phones, signed. */
function inboundRequest(): { body: string; headers: Record<string, string> } {
  sequence++;
  const params = {
    MessageSid: `SM${randomBytes(16).toString("hex")}`,
    AccountSid: ACCOUNT.sid,
    From: `+1415555${String(1000 + (sequence % CONFIG.leads)).padStart(4, "0")}`,
    To: OUR_NUMBER,
    Body: `Hello, message ${sequence}`,
    NumMedia: "0",
  };
  const signature = twilio.getExpectedTwilioSignature(ACCOUNT.token, `${PUBLIC_URL}/api/webhooks/twilio/sms`, params);
  return { body: new URLSearchParams(params).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature } };
}

interface PhaseResult {
  latenciesMs: number[];
  errors: number;
  /** Requests not sent because CONFIG.maxInFlight were already waiting (the bound). */
  skipped: number;
}

/** Open loop: `rate` requests per second for `seconds`, whatever the answers take (at most maxInFlight waiting). */
async function openLoop(pathname: string, seconds: number, result: PhaseResult): Promise<void> {
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  const total = CONFIG.ratePerSecond * seconds;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * CONFIG.ratePerSecond));
    for (; sent < due; sent++) {
      if (inFlight >= CONFIG.maxInFlight) {
        result.skipped++;
        continue;
      }
      const { body, headers } = inboundRequest();
      inFlight++;
      const t0 = performance.now();
      pending.push(
        post(pathname, body, headers)
          .then((status) => {
            if (status !== 200) result.errors++;
            else result.latenciesMs.push(performance.now() - t0);
          })
          .catch(() => void result.errors++)
          .finally(() => void inFlight--),
      );
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(pending);
}

async function main() {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  log(`recreating ${DB_NAME}`);
  await recreateBenchDatabase(DB_NAME);
  const { unsafeDb } = await import("@/server/db/client");
  const workspace = await unsafeDb.subAccount.create({ data: { name: "Bench SMS", slug: `bench-sms-${Date.now()}` } });
  await unsafeDb.smsNumber.create({ data: { subAccountId: workspace.id, phoneNumber: OUR_NUMBER } });
  for (let i = 0; i < CONFIG.leads; i++) {
    await unsafeDb.lead.create({ data: { subAccountId: workspace.id, name: `Lead ${i}`, phone: `+1415555${String(1000 + i).padStart(4, "0")}` } });
  }

  const server = spawn(process.execPath, ["--import", "tsx", "bench/sms-webhook-server.ts"], { cwd: ROOT, env: { ...process.env, BENCH_PORT: String(PORT) }, stdio: ["ignore", "pipe", "inherit"] });
  const stopServer = () => server.exitCode === null && server.kill("SIGTERM");
  process.on("exit", stopServer);
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    server.once("exit", (code) => reject(new Error(`bench server exited (${code})`)));
  });

  const plain: PhaseResult = { latenciesMs: [], errors: 0, skipped: 0 };
  const webhook: PhaseResult = { latenciesMs: [], errors: 0, skipped: 0 };
  const warm: PhaseResult = { latenciesMs: [], errors: 0, skipped: 0 };
  const loadBefore = os.loadavg();
  log("warming up (1 s each)");
  await openLoop("/bench/plain", 1, warm);
  await openLoop("/api/webhooks/twilio/sms", 1, warm);
  const half = CONFIG.secondsPerRoute / 2;
  log(`measuring: ${CONFIG.ratePerSecond} req/s, ${CONFIG.secondsPerRoute} s per route in ABBA halves`);
  await openLoop("/bench/plain", half, plain);
  await openLoop("/api/webhooks/twilio/sms", half, webhook);
  await openLoop("/api/webhooks/twilio/sms", half, webhook);
  await openLoop("/bench/plain", half, plain);
  const loadAfter = os.loadavg();
  stopServer();

  // The route records the event and queues its job; no worker runs here, so the events are what it stored.
  const stored = await unsafeDb.webhookEvent.count({ where: { subAccountId: workspace.id, provider: "twilio" } });
  const p = summarize(plain.latenciesMs);
  const w = summarize(webhook.latenciesMs);
  const results = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    loadavg1mBefore: round(loadBefore[0]!, 2),
    loadavg1mAfter: round(loadAfter[0]!, 2),
    config: CONFIG,
    plain: { ...p, errors: plain.errors, skipped: plain.skipped },
    webhook: { ...w, errors: webhook.errors, skipped: webhook.skipped, eventsRecorded: stored },
    ratios: { p50: ratio(w.p50, p.p50), p99: ratio(w.p99, p.p99) },
    goalP99RatioMet: w.p99 / p.p99 <= CONFIG.goalP99Ratio,
  };
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2));
  const row = (name: string, s: Summary, r: PhaseResult) =>
    `${name.padEnd(22)} n=${String(s.n).padStart(5)}  p50 ${s.p50.toFixed(2).padStart(7)} ms  p99 ${s.p99.toFixed(2).padStart(7)} ms  max ${s.max.toFixed(1).padStart(7)} ms  errors ${r.errors}  skipped ${r.skipped}`;
  console.log(`\nInbound SMS webhook at ${CONFIG.ratePerSecond} req/s (${results.cpus} CPUs, load ${results.loadavg1mBefore} -> ${results.loadavg1mAfter})`);
  console.log(row("plain route handler", p, plain));
  console.log(row("POST twilio/sms", w, webhook));
  console.log(`ratio webhook/plain   p50 ${results.ratios.p50}x  p99 ${results.ratios.p99}x  (goal p99 <= ${CONFIG.goalP99Ratio}x: ${results.goalP99RatioMet ? "met" : "not met"})`);
  console.log(`webhook events recorded: ${stored} (one per acknowledged webhook, warm-up included)`);

  const { getQueue, closeQueues } = await import("@/server/jobs/queues");
  for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => undefined);
  await closeQueues();
  const { closeRedis } = await import("@/server/redis/client");
  await closeRedis();
  await unsafeDb.$disconnect();
  agent.destroy();
}

const watchdog = setTimeout(() => {
  console.error("[bench:sms] watchdog: took over 5 minutes");
  process.exit(1);
}, 300_000);
watchdog.unref();
main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
