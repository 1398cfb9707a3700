import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { DEMO_USER, expect, signInAsDemoUser, test } from "./fixtures";

/**
 * Several processes, one product: beside the e2e server's app and worker (scripts/e2e-server.ts), this file starts a
 * second app (scripts/server.ts), a second worker and the standalone output of the same build (node
 * .next/standalone/server.js, no scripts/server.ts), all on the same PostgreSQL database and Redis. Sign-ins in this
 * file: 2 (the demo user, on the first app and on the standalone server), each from its own address.
 */
const PORT = Number(process.env.E2E_PORT ?? 8100);
const APP_1 = `http://127.0.0.1:${PORT}`;
const APP_2_PORT = PORT + 1000;
const STANDALONE_PORT = PORT + 2000;
const APP_2 = `http://127.0.0.1:${APP_2_PORT}`;
const STANDALONE = `http://127.0.0.1:${STANDALONE_PORT}`;
// Written by scripts/e2e-server.ts: the secrets and services of this run.
const shared = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `loctelli-e2e-${PORT}.json`), "utf8")) as Record<string, string>;
const QUEUE_PREFIX = shared.QUEUE_PREFIX ?? "loctelli";

const started: ChildProcess[] = [];
function start(command: string, args: string[], env: Record<string, string>, cwd = process.cwd()) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...shared, RUN_MIGRATIONS_ON_START: "false", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  started.push(child);
  return { child, output: () => output };
}
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

async function healthy(url: string, what: { output(): string; child: ChildProcess }) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${url}/status/health`).then((r) => r.ok, () => false);
    if (ok) return;
    if (what.child.exitCode !== null || Date.now() > deadline) throw new Error(`${url} did not start:\n${what.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const standaloneEnv = (port: number, extra: Record<string, string>) => ({ PORT: String(port), HOSTNAME: "127.0.0.1", APP_URL: `http://127.0.0.1:${port}`, ...extra });

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const app2 = start("node_modules/.bin/tsx", ["scripts/server.ts"], { PORT: String(APP_2_PORT), APP_URL: APP_2 });
  const worker2 = start("node_modules/.bin/tsx", ["worker/index.ts"], { LOG_LEVEL: "info" });
  // The standalone server: Next's own server.js, the platform's header naming the client.
  const standalone = start("node", ["server.js"], standaloneEnv(STANDALONE_PORT, { TRUSTED_CLIENT_IP_HEADER: "x-real-ip" }), path.join(process.cwd(), ".next", "standalone"));
  await Promise.all([healthy(APP_2, app2), healthy(STANDALONE, standalone)]);
  const deadline = Date.now() + 120_000;
  while (!worker2.output().includes('"msg":"worker ready"')) {
    if (worker2.child.exitCode !== null || Date.now() > deadline) throw new Error(`the second worker did not start:\n${worker2.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await Promise.all(started.map(exited));
});

test("a text sent through the second app shows live in the inbox open on the first, and the AI answers it once", async ({ page, context }) => {
  // The strategy's pacing alone is 5-20 s.
  test.setTimeout(120_000);
  await signInAsDemoUser(page);
  await page.goto("/inbox");
  await expect(page.getByRole("region", { name: "Conversations" })).toHaveAttribute("data-live", "true");

  // The phone simulator of the other app process (the session cookie is the same product's).
  const phone = `+1415556${String(Math.floor(Math.random() * 9_999)).padStart(4, "0")}`;
  const text = `Is the clinic open on Saturdays? (${Date.now()})`;
  const simulator = await context.newPage();
  await simulator.goto(`${APP_2}/simulator`);
  await simulator.getByLabel("From your pretend phone").fill(phone);
  await simulator.getByLabel("Message").fill(text);
  await simulator.getByRole("button", { name: "Send text" }).click();
  await expect(simulator.getByRole("region", { name: "Conversation" }).getByText(text)).toBeVisible();

  // The first app's open inbox gets it by itself: its stream listens on Redis, where the second app published.
  const row = page.getByTestId("inbox-conversation").filter({ hasText: phone });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.click();
  const conversation = page.getByRole("region", { name: /^Conversation with / });
  await expect(conversation.getByTestId("chat-message").filter({ hasText: text })).toBeVisible();
  // After the strategy's pacing (5-20 s) one of the two workers answers, live too; exactly one reply.
  const ai = conversation.locator('[data-testid="chat-message"][data-role="assistant"]');
  await expect(ai).toHaveCount(1, { timeout: 45_000 });

  const db = new pg.Client({ connectionString: shared.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ role: string; status: string }>(
      `SELECT m.role::text, m.status::text FROM "Message" m JOIN "Lead" l ON l.id = m."leadId" WHERE l.phone = $1 ORDER BY m.id`,
      [phone],
    );
    expect(rows.map((r) => r.role)).toEqual(["lead", "assistant"]);
    expect(rows[0]!.status).toBe("received");
  } finally {
    await db.end();
  }
  await expect(ai).toHaveCount(1);

  // A person on the second app takes the conversation over: the first app's inbox shows the AI off, live.
  const second = await context.newPage();
  await second.goto(`${APP_2}/inbox`);
  await second.getByTestId("inbox-conversation").filter({ hasText: phone }).click();
  const aiSwitch = second.getByRole("region", { name: /^Conversation with / }).getByRole("switch", { name: "AI replies" });
  await expect(aiSwitch).toBeChecked();
  await aiSwitch.click();
  await expect(aiSwitch).not.toBeChecked();
  await expect(row).toContainText("AI off", { timeout: 15_000 });
});

test("rate limits are shared: sign-in attempts from one address count across both apps", async ({ request }) => {
  const address = `10.77.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
  const attempt = (base: string) =>
    request.post(`${base}/api/auth/callback/credentials`, {
      headers: { "x-forwarded-for": address },
      form: { email: `nobody-${Date.now()}@example.com`, password: "not-the-password" },
      maxRedirects: 0,
    });
  // 5 per 15 minutes per address: three on the first app, two on the second, then both refuse.
  for (const base of [APP_1, APP_2, APP_1, APP_2, APP_1]) expect((await attempt(base)).status(), base).not.toBe(429);
  expect((await attempt(APP_2)).status()).toBe(429);
  expect((await attempt(APP_1)).status()).toBe(429);
});

test("scheduled jobs run once with two workers on the queue", async () => {
  test.setTimeout(60_000);
  const connection = new Redis(shared.REDIS_URL!, { maxRetriesPerRequest: null });
  const queues = ["default", "messaging", "ai"].map((name) => new Queue(name, { connection, prefix: QUEUE_PREFIX }));
  const events = queues.map((q) => new QueueEvents(q.name, { connection: new Redis(shared.REDIS_URL!, { maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX }));
  try {
    await Promise.all(events.map((e) => e.waitUntilReady()));
    // Each worker registered every schedule at its start: still one scheduler per job.
    const schedulers = (await Promise.all(queues.map((q) => q.getJobSchedulers()))).flat().map((s) => s.key);
    expect(schedulers.length).toBeGreaterThan(0);
    expect(new Set(schedulers).size).toBe(schedulers.length);
    expect(await queues[0]!.getWorkersCount()).toBeGreaterThanOrEqual(2);

    // Every schedule's next run, brought forward to now: both workers compete for it.
    const active = new Map<string, number>();
    const finished = new Set<string>();
    for (const e of events) {
      e.on("active", ({ jobId }) => void active.set(jobId, (active.get(jobId) ?? 0) + 1));
      e.on("completed", ({ jobId }) => void finished.add(jobId));
      e.on("failed", ({ jobId }) => void finished.add(jobId));
    }
    const next = (await Promise.all(queues.map((q) => q.getDelayed()))).flat().filter((j) => j.repeatJobKey && schedulers.includes(j.repeatJobKey));
    expect(next.map((j) => j.repeatJobKey).sort()).toEqual([...schedulers].sort());
    await Promise.all(next.map((j) => j.promote()));
    await expect.poll(() => next.filter((j) => finished.has(j.id!)).length, { timeout: 45_000 }).toBe(next.length);
    // Each ran once, and each schedule has exactly one next run again.
    for (const job of next) expect(active.get(job.id!), job.repeatJobKey).toBe(1);
    const after = (await Promise.all(queues.map((q) => q.getDelayed()))).flat().filter((j) => j.repeatJobKey && schedulers.includes(j.repeatJobKey));
    expect(after.map((j) => j.repeatJobKey).sort()).toEqual([...schedulers].sort());
  } finally {
    await Promise.all(events.map((e) => e.close()));
    await Promise.all(queues.map((q) => q.close()));
    await connection.quit();
  }
});

test("the standalone output serves the product without scripts/server.ts: sign-in, the client address from the platform's header only", async ({ browser, request }) => {
  test.setTimeout(90_000);
  // Without the header setting it refuses to start, naming it.
  const refused = start("node", ["server.js"], standaloneEnv(STANDALONE_PORT + 1, { TRUSTED_CLIENT_IP_HEADER: "" }), path.join(process.cwd(), ".next", "standalone"));
  expect(await exited(refused.child)).toBe(1);
  expect(refused.output()).toContain("TRUSTED_CLIENT_IP_HEADER");

  // A person signs in through it (the platform in front adds X-Real-IP to every request).
  const address = `10.78.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
  const context = await browser.newContext({ baseURL: STANDALONE, extraHTTPHeaders: { "x-real-ip": address } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_USER.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${STANDALONE}/dashboard`);
  await expect(page.getByRole("navigation", { name: "Workspace" })).toBeVisible();
  await context.close();

  // The limit counts X-Real-IP: a client changing X-Forwarded-For on every attempt is still one address.
  const limited = `10.79.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
  const attempt = (realIp: string, i: number) =>
    request.post(`${STANDALONE}/api/auth/callback/credentials`, {
      headers: { "x-real-ip": realIp, "x-forwarded-for": `192.0.2.${i + 1}` },
      form: { email: `nobody-${Date.now()}@example.com`, password: "not-the-password" },
      maxRedirects: 0,
    });
  for (let i = 0; i < 5; i++) expect((await attempt(limited, i)).status()).not.toBe(429);
  expect((await attempt(limited, 5)).status()).toBe(429);
  expect((await attempt(address, 6)).status()).not.toBe(429);
});
