import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";

const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "loctelli-exports-retry-"));
process.env.STORAGE_DIR = storageDir;
(await import("@/env")).resetEnvCache();
(await import("@/server/integrations/storage")).resetStorageCache();

const { unsafeDb } = await import("@/server/db/client");
const { getStorage } = await import("@/server/integrations/storage");
const { workspaceKey } = await import("@/server/integrations/storage/workspace-files");
const { runDataExport } = await import("@/server/services/exports/run-data-export");
const { createWorkspace, workspaceJobContext } = await import("../support/factories");

type Storage = import("@/server/integrations/storage").Storage;

afterAll(async () => {
  await unsafeDb.$disconnect();
  await fs.rm(storageDir, { recursive: true, force: true });
});

/** The real filesystem storage, except that an upload fails midway (the disk filled up, S3 dropped the connection). */
function failingUploads(storage: Storage): Storage {
  return Object.assign(Object.create(storage) as Storage, {
    async uploadLarge(_key: string, stream: Readable) {
      for await (const chunk of stream) void chunk;
      throw new Error("connection reset while uploading");
    },
  });
}

async function exportRow(subAccountId: number) {
  const fileName = "leads.csv";
  return unsafeDb.dataExport.create({
    data: {
      subAccountId, datasets: ["leads"], format: "csv", fileName, storageKey: workspaceKey(subAccountId, "exports", fileName),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
}

describe("data export retries", () => {
  it("waits as queued after a failed attempt that will be retried, then writes the same key on the retry", async () => {
    const ws = await createWorkspace("Retry");
    await unsafeDb.lead.createMany({ data: [{ subAccountId: ws.id, name: "One" }, { subAccountId: ws.id, name: "Two" }] });
    const row = await exportRow(ws.id);
    const progress: number[] = [];

    await expect(
      runDataExport(workspaceJobContext(ws, { reportProgress: (p) => progress.push(p), isFinalAttempt: false }), { exportId: row.id, storage: failingUploads(getStorage()) }),
    ).rejects.toThrow("connection reset");
    const waiting = (await unsafeDb.dataExport.findUnique({ where: { id: row.id } }))!;
    expect(waiting).toMatchObject({ status: "queued", error: "The export could not be written. Retrying.", storageKey: row.storageKey });

    const result = await runDataExport(workspaceJobContext(ws, { reportProgress: (p) => progress.push(p) }), { exportId: row.id });
    expect(result).toMatchObject({ rowCount: 2 });
    const done = (await unsafeDb.dataExport.findUnique({ where: { id: row.id } }))!;
    expect(done).toMatchObject({ status: "completed", error: null, storageKey: row.storageKey, rowCount: 2 });
    expect(progress.at(-1)).toBe(100);
    expect((await getStorage().headObject(row.storageKey!))?.size).toBe(done.sizeBytes);
  });

  it("marks the export failed, with a safe message, after the last attempt", async () => {
    const ws = await createWorkspace("Retry");
    const row = await exportRow(ws.id);
    await expect(
      runDataExport(workspaceJobContext(ws, { isFinalAttempt: true }), { exportId: row.id, storage: failingUploads(getStorage()) }),
    ).rejects.toThrow();
    expect(await unsafeDb.dataExport.findUnique({ where: { id: row.id } })).toMatchObject({ status: "failed", error: "The export could not be written." });
  });

  it("refuses an export id of another workspace", async () => {
    const a = await createWorkspace("Retry");
    const b = await createWorkspace("Retry");
    const row = await exportRow(b.id);
    await expect(runDataExport(workspaceJobContext(a), { exportId: row.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await unsafeDb.dataExport.findUnique({ where: { id: row.id } }))!.status).toBe("queued");
  });
});
