import type { RequestContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { getStorage, type Storage } from "@/server/integrations/storage";

/** Platform job: deletes the files of every workspace's expired exports and marks the rows expired (all workspaces, hence unsafeDb). */
export async function cleanupExpiredExports(_ctx: RequestContext, input: { storage?: Storage; now?: Date } = {}) {
  const { storage = getStorage(), now = new Date() } = input;
  let deletedFiles = 0;
  let expired = 0;
  for (;;) {
    const rows = await unsafeDb.dataExport.findMany({
      where: { status: { not: "expired" }, expiresAt: { lte: now } },
      orderBy: { id: "asc" },
      take: 500,
      select: { id: true, storageKey: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.storageKey) {
        await storage.deleteObject(row.storageKey);
        deletedFiles += 1;
      }
    }
    const { count } = await unsafeDb.dataExport.updateMany({
      where: { id: { in: rows.map((r) => r.id) } },
      data: { status: "expired" },
    });
    expired += count;
  }
  return { expired, deletedFiles };
}
