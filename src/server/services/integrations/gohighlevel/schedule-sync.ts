import { unsafeDb } from "@/server/db/client";
import { enqueue } from "@/server/jobs/enqueue";
import { ghlImportContactsJob } from "@/server/jobs/ghl-import-contacts";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";

/** The incremental sync of every GoHighLevel connection that is on and has imported once (it has a cursor). */
export async function scheduleGhlSync() {
  const connections = await unsafeDb.integration.findMany({
    where: { enabled: true, syncCursor: { not: null }, template: { key: GHL_TEMPLATE_KEY }, subAccount: { isActive: true } },
    select: { id: true, subAccountId: true },
  });
  for (const c of connections) await enqueue(ghlImportContactsJob, { subAccountId: c.subAccountId, integrationId: c.id, mode: "incremental" });
  return { queued: connections.length };
}
