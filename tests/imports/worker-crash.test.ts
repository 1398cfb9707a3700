import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Its own queue namespace and storage directory; the worker runs as real processes (killed with SIGKILL).
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { uploadImport, waitForImport } = await import("./helpers");

const root = path.resolve(import.meta.dirname, "../..");
const workers: ChildProcess[] = [];

setUpTestWorker({ inProcess: false });
afterAll(() => {
  for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** `tsx worker/index.ts` with this file's database, Redis, queue prefix and storage; resolves once it is ready. */
async function startWorkerProcess(): Promise<ChildProcess> {
  // A short lock, so the crashed worker's job is noticed as stalled within seconds instead of 30.
  const env = { ...process.env, LOG_LEVEL: "info", WORKER_LOCK_DURATION_MS: "1500", RUN_MIGRATIONS_ON_START: "false" };
  // node itself with tsx as a loader, not the tsx launcher: SIGKILL must reach the worker (tsx relays other signals to
  // the node process it starts, but a killed launcher leaves that process running).
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], { cwd: root, env });
  workers.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"worker ready"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`worker exited (${code}):\n${output}`)));
  });
  return child;
}

const ROWS = 20_000;
const badRow = (i: number) => i % 997 === 0;

function csvOfLeads(): string {
  const lines = ["Name,Email,Phone,Notes"];
  for (let i = 1; i <= ROWS; i++) {
    const phone = `+1415${String(2_000_000 + i).padStart(7, "0")}`;
    lines.push(`Lead ${i},${badRow(i) ? `broken-${i}` : `lead${i}@example.com`},${phone},Note for lead ${i}`);
  }
  return lines.join("\n");
}

describe("lead import survives a worker crash", () => {
  it("after SIGKILL in the middle of a 20k-row import, a restarted worker completes it with every row exactly once", async () => {
    const ws = await createWorkspace("Crash import");
    const user = await createUser({ subAccountId: ws.id, role: "manager" });
    const { caller } = await signedInCaller({ kind: "user", id: user.id });

    const first = await startWorkerProcess();
    const created = await uploadImport(caller, "crash.csv", csvOfLeads());
    const ready = await waitForImport(created.id, ["analyzing"], 30_000);
    expect(ready).toMatchObject({ status: "ready", totalRows: ROWS });
    await caller.imports.start({ id: created.id, mapping: ready.mapping as Record<string, string>, duplicateMode: "skip" });

    // Kill the worker as soon as some batches are committed, well before the end.
    let atKill = 0;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const row = await unsafeDb.leadImport.findUniqueOrThrow({ where: { id: created.id } });
      if (row.processedRows >= 2_000) {
        first.kill("SIGKILL");
        atKill = row.processedRows;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((resolve) => first.once("exit", resolve));
    expect(first.signalCode).toBe("SIGKILL");
    const afterKill = await unsafeDb.leadImport.findUniqueOrThrow({ where: { id: created.id } });
    expect(afterKill.status).toBe("running");
    expect(afterKill.processedRows).toBeGreaterThanOrEqual(atKill);
    expect(afterKill.processedRows).toBeLessThan(ROWS);
    // What was committed before the crash is exactly the checkpoint: leads + refused rows = processed rows.
    const committedLeads = await unsafeDb.lead.count({ where: { subAccountId: ws.id } });
    expect(committedLeads + afterKill.errorCount).toBe(afterKill.processedRows);

    await startWorkerProcess();
    const done = await waitForImport(created.id, ["queued", "running"], 90_000);
    const bad = Array.from({ length: ROWS }, (_, i) => i + 1).filter(badRow);
    expect(done).toMatchObject({ status: "completed", processedRows: ROWS, createdCount: ROWS - bad.length, errorCount: bad.length, skippedCount: 0 });

    const leads = await unsafeDb.lead.findMany({ where: { subAccountId: ws.id }, select: { id: true, name: true, email: true } });
    expect(leads).toHaveLength(ROWS - bad.length);
    expect(new Set(leads.map((l) => l.name)).size).toBe(leads.length);
    const expectedNames = new Set(Array.from({ length: ROWS }, (_, i) => i + 1).filter((i) => !badRow(i)).map((i) => `Lead ${i}`));
    expect(leads.every((l) => expectedNames.has(l.name))).toBe(true);
    // Notes have no unique key: a batch committed twice would show here.
    const notes = await unsafeDb.leadNote.groupBy({ by: ["leadId"], where: { subAccountId: ws.id }, _count: { _all: true } });
    expect(notes).toHaveLength(leads.length);
    expect(notes.every((n) => n._count._all === 1)).toBe(true);
    const issues = await unsafeDb.leadImportIssue.findMany({ where: { importId: created.id }, select: { rowNumber: true } });
    expect(issues.map((i) => i.rowNumber).sort((x, y) => x - y)).toEqual(bad.map((i) => i + 1));
  }, 180_000);
});
