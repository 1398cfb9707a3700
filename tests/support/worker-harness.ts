import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * A test file's own queue namespace and storage directory, so files running in parallel never see each other's
 * jobs or files. Import it before any module of the app (the environment is read once, at first use); set any other
 * variable the file needs (e.g. the model's) before importing it.
 */
process.env.QUEUE_PREFIX = `test-${randomUUID()}`;
export const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "loctelli-test-"));
process.env.STORAGE_DIR = storageDir;
(await import("@/env")).resetEnvCache();
(await import("@/server/integrations/storage")).resetStorageCache();

/**
 * Runs the real worker in this process for the file's tests (unless `inProcess: false`, for files that spawn worker
 * processes), and afterwards empties the file's queues and closes every connection and the storage directory.
 */
export function setUpTestWorker(options: { inProcess?: boolean } = {}) {
  let worker: { close(): Promise<void> } | undefined;
  beforeAll(async () => {
    if (options.inProcess === false) return;
    const { startWorker } = await import("../../worker/start");
    worker = await startWorker({ schedulers: false });
  });
  afterAll(async () => {
    const { unsafeDb } = await import("@/server/db/client");
    const { closeRedis } = await import("@/server/redis/client");
    const { closeQueues, getQueue } = await import("@/server/jobs/queues");
    await worker?.close();
    for (const name of ["default", "messaging", "ai", "events", "webhooks"] as const) await getQueue(name).obliterate({ force: true }).catch(() => {});
    await closeQueues();
    await closeRedis();
    await unsafeDb.$disconnect();
    await fs.rm(storageDir, { recursive: true, force: true });
  });
}
