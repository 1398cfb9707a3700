import type { RequestContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { getStorage, type Storage } from "@/server/integrations/storage";

/**
 * Platform job: every workspace's form sessions past their expiry (30 days after the last save) that were never sent
 * are deleted, with the files uploaded to them (a sent session's files belong to its submission and stay).
 * Uploads started but never confirmed for more than a day are deleted too. All workspaces, hence unsafeDb.
 */
export async function cleanupExpiredFormSessions(_ctx: RequestContext, input: { storage?: Storage; now?: Date } = {}) {
  const { storage = getStorage(), now = new Date() } = input;
  let sessions = 0;
  let files = 0;
  for (;;) {
    const rows = await unsafeDb.formSession.findMany({
      where: { status: { not: "completed" }, expiresAt: { lte: now } },
      orderBy: { id: "asc" },
      take: 500,
      select: { id: true, uploads: { where: { submissionId: null }, select: { id: true, storageKey: true } } },
    });
    if (rows.length === 0) break;
    const uploads = rows.flatMap((r) => r.uploads);
    for (const u of uploads) await storage.deleteObject(u.storageKey);
    files += uploads.length;
    await unsafeDb.formUpload.deleteMany({ where: { id: { in: uploads.map((u) => u.id) } } });
    sessions += (await unsafeDb.formSession.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count;
  }
  const stale = await unsafeDb.formUpload.findMany({
    where: { confirmedAt: null, submissionId: null, createdAt: { lte: new Date(now.getTime() - 24 * 3600 * 1000) } },
    take: 5_000,
    select: { id: true, storageKey: true },
  });
  for (const u of stale) await storage.deleteObject(u.storageKey);
  await unsafeDb.formUpload.deleteMany({ where: { id: { in: stale.map((u) => u.id) } } });
  return { sessions, files: files + stale.length };
}
