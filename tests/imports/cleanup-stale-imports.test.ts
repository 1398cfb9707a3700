import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "loctelli-import-cleanup-"));
process.env.STORAGE_DIR = storageDir;
(await import("@/env")).resetEnvCache();
(await import("@/server/integrations/storage")).resetStorageCache();

const { unsafeDb } = await import("@/server/db/client");
const { getStorage } = await import("@/server/integrations/storage");
const { workspaceKey } = await import("@/server/integrations/storage/workspace-files");
const { cleanupStaleImports, STALE_IMPORT_MESSAGE } = await import("@/server/services/imports/cleanup-stale-imports");
const { createUser, createWorkspace, requestContext, signedInCaller } = await import("../support/factories");

afterAll(async () => {
  await unsafeDb.$disconnect();
  await fs.rm(storageDir, { recursive: true, force: true });
});

const DAY = 24 * 3600 * 1000;

describe("cleanup of stale imports", () => {
  it("deletes week-old uploads nobody imported and month-old reports, and keeps everything else", async () => {
    const ws = await createWorkspace("Cleanup");
    const user = await createUser({ subAccountId: ws.id, role: "manager" });
    const { caller } = await signedInCaller({ kind: "user", id: user.id });
    const storage = getStorage();
    const now = new Date();
    async function importRow(status: "ready" | "failed" | "completed" | "needs_sheet", ageDays: number, extra: Record<string, unknown> = {}) {
      const storageKey = workspaceKey(ws.id, "imports", "file.csv");
      const errorReportKey = workspaceKey(ws.id, "imports", "file-report.csv");
      await storage.putObject(storageKey, Buffer.from("name\nAnn\n"), { contentType: "text/csv" });
      await storage.putObject(errorReportKey, Buffer.from("row,column\n"), { contentType: "text/csv" });
      const at = new Date(now.getTime() - ageDays * DAY);
      return unsafeDb.leadImport.create({
        data: { subAccountId: ws.id, fileName: "file.csv", fileType: "csv", sizeBytes: 9, storageKey, errorReportKey, status, createdAt: at, ...extra },
      });
    }
    const staleReady = await importRow("ready", 8);
    const staleSheet = await importRow("needs_sheet", 10);
    const refused = await importRow("failed", 9, { error: "The file is empty." });
    const resumable = await importRow("failed", 9, { error: "stopped", startedAt: new Date(now.getTime() - 9 * DAY) });
    const freshReady = await importRow("ready", 2);
    const oldReport = await importRow("completed", 40, { completedAt: new Date(now.getTime() - 31 * DAY), errorCount: 2 });
    const recentReport = await importRow("completed", 10, { completedAt: new Date(now.getTime() - 10 * DAY), errorCount: 2 });

    expect(await cleanupStaleImports(requestContext(), { storage, now })).toEqual({ uploadsDeleted: 3, reportsDeleted: 1 });
    for (const row of [staleReady, staleSheet, refused]) {
      expect(await storage.headObject(row.storageKey)).toBeNull();
      expect(await unsafeDb.leadImport.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "failed", error: STALE_IMPORT_MESSAGE });
    }
    for (const row of [resumable, freshReady]) {
      expect(await storage.headObject(row.storageKey)).not.toBeNull();
      expect((await unsafeDb.leadImport.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(row.status);
    }
    expect(await storage.headObject(oldReport.errorReportKey)).toBeNull();
    expect(await storage.headObject(recentReport.errorReportKey)).not.toBeNull();
    await expect(caller.imports.downloadReport({ id: oldReport.id })).rejects.toThrow(/Reports are kept 30 days/);
    await expect(caller.imports.downloadReport({ id: recentReport.id })).resolves.toHaveProperty("url");

    // A second run finds nothing more to do.
    expect(await cleanupStaleImports(requestContext(), { storage, now })).toEqual({ uploadsDeleted: 0, reportsDeleted: 0 });
  });
});
