import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Work a workspace starts with rows of its own (an export, an import and its analysis, an import's start, an
 * evaluation) is queued with them or not at all. The queue's Redis is a redis-server of this file's own, stopped and
 * started again here (never the machine's shared one); no worker runs, so queued work stays queued for the checks.
 */

const { freePort, startRedisServer } = await import("../support/redis-server");
const port = await freePort();
let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
const startRedis = async () => void (redis = await startRedisServer(port));
const stopRedis = async () => {
  await redis?.stop();
  redis = undefined;
};
// Registered first, so it runs after the harness's cleanup (which still needs this Redis).
afterAll(stopRedis);

process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
// A model is configured (an evaluation needs one to start); nothing calls it, since no worker runs.
Object.assign(process.env, { OPENAI_API_KEY: "sk-unused", OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_MODEL: "unused" });
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { getQueue, QUEUE_UNAVAILABLE_MESSAGE } = await import("@/server/jobs/queues");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { uploadImport } = await import("../imports/helpers");

setUpTestWorker({ inProcess: false });

const ws = await createWorkspace("Queue down");
const admin = await createUser({ subAccountId: ws.id, role: "admin" });
const { caller } = await signedInCaller({ kind: "user", id: admin.id });
const strategy = await caller.strategies.create({ name: "Front desk" });
await caller.evaluations.createCase({
  strategyId: strategy.id,
  name: "Greets",
  leadMessages: ["Hello"],
  expectations: [{ kind: "phrase_present", phrase: "hello" }],
});
const CSV = "name,email\nAda,ada@example.com\n";

/** The workspace's rows a refused call must leave as they were. */
async function snapshot() {
  const [exports, imports, runs] = await Promise.all([
    unsafeDb.dataExport.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" } }),
    unsafeDb.leadImport.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" } }),
    unsafeDb.jobRun.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" } }),
  ]);
  return { exports, imports, runs };
}

async function refusedAsUnavailable(call: Promise<unknown>) {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: QUEUE_UNAVAILABLE_MESSAGE });
}

/** Waits until the queue's connection answers (it reconnects by itself once Redis is back). */
async function queueAnswers(timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await getQueue("default").getJobCounts("waiting").then(() => true, () => false))) {
    if (Date.now() > deadline) throw new Error("the queue did not reconnect");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The run is queued and BullMQ has its job. */
async function expectQueued(jobRunId: number | null) {
  const run = await unsafeDb.jobRun.findUniqueOrThrow({ where: { id: jobRunId! } });
  expect(run.status).toBe("queued");
  expect(await getQueue(run.queue as "default").getJob(run.bullJobId)).toBeDefined();
}

describe("queued work and its rows while Redis is away", () => {
  it("refuses before the queue ever connected, within moments, and writes nothing", async () => {
    const before = await snapshot();
    await refusedAsUnavailable(caller.exports.create({ datasets: ["leads"], format: "csv", includePdfSummary: false }));
    expect(await snapshot()).toEqual(before);
  });

  it("queues each kind of work with its rows once Redis is there", async () => {
    await startRedis();
    await queueAnswers();
    const exported = await caller.exports.create({ datasets: ["leads"], format: "csv", includePdfSummary: false });
    expect(exported.status).toBe("queued");
    await expectQueued(exported.jobRunId);
    const imported = await uploadImport(caller, "people.csv", CSV);
    expect(imported.status).toBe("analyzing");
    await expectQueued(imported.jobRunId);
    const evaluation = await caller.evaluations.run({ strategyId: strategy.id });
    await expectQueued(evaluation.jobRunId);
  });

  it("refuses with 503 while Redis is down and leaves every row as it was: nothing waits as queued", async () => {
    // An import whose analysis finished (as the worker leaves it), ready to start.
    const ready = await uploadImport(caller, "ready.csv", CSV);
    await unsafeDb.leadImport.update({
      where: { id: ready.id },
      data: { status: "ready", headers: ["name", "email"], previewRows: [["Ada", "ada@example.com"]], totalRows: 1, mapping: { 0: "name", 1: "email" } },
    });
    // Finished as a worker would leave them: the analysis, and the evaluation (one runs at a time per strategy).
    await unsafeDb.jobRun.updateMany({
      where: { subAccountId: ws.id, name: { in: ["analyze-lead-import", "run-strategy-evaluation"] } },
      data: { status: "completed", finishedAt: new Date() },
    });
    await stopRedis();

    const before = await snapshot();
    await refusedAsUnavailable(caller.exports.create({ datasets: ["leads", "bookings"], format: "xlsx", includePdfSummary: true }));
    await refusedAsUnavailable(uploadImport(caller, "later.csv", CSV));
    await refusedAsUnavailable(caller.imports.start({ id: ready.id, mapping: { 0: "name", 1: "email" }, duplicateMode: "skip" }));
    await refusedAsUnavailable(caller.evaluations.run({ strategyId: strategy.id }));
    const after = await snapshot();
    // The upload refused above left its file (as any upload not imported yet), and no row.
    expect(after).toEqual(before);
  });

  it("works again on the next try once Redis is back", async () => {
    await startRedis();
    await queueAnswers();
    const exported = await caller.exports.create({ datasets: ["leads", "bookings"], format: "xlsx", includePdfSummary: true });
    await expectQueued(exported.jobRunId);
    const imported = await uploadImport(caller, "later.csv", CSV);
    await expectQueued(imported.jobRunId);
    const ready = (await unsafeDb.leadImport.findFirstOrThrow({ where: { subAccountId: ws.id, fileName: "ready.csv" } })).id;
    const started = await caller.imports.start({ id: ready, mapping: { 0: "name", 1: "email" }, duplicateMode: "skip" });
    expect(started.status).toBe("queued");
    await expectQueued(started.jobRunId);
    const evaluation = await caller.evaluations.run({ strategyId: strategy.id });
    await expectQueued(evaluation.jobRunId);
  });
});
