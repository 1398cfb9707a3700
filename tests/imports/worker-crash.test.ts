import { describe, expect, it } from "vitest";

// Its own queue namespace and storage directory; the worker runs as real processes (killed with SIGKILL).
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { uploadImport, waitForImport } = await import("./helpers");
const { startWorkerProcess: startWorkerProcessWithOutput } = await import("../support/worker-process");

setUpTestWorker({ inProcess: false });
const startWorkerProcess = async () => (await startWorkerProcessWithOutput()).child;

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
    for (const deadline = Date.now() + 100_000; Date.now() < deadline; ) {
      const row = await unsafeDb.leadImport.findUniqueOrThrow({ where: { id: created.id } });
      if (row.processedRows >= 2_000) {
        first.kill("SIGKILL");
        atKill = row.processedRows;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    // Never wait for an exit that was not asked for: say what did not happen instead of timing out.
    expect(atKill, "the first worker committed 2,000 rows within 100 s").toBeGreaterThan(0);
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
  }, 240_000);
});
