import type { WorkspaceJobContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";
import { applyGhlContact, type ContactOutcome } from "./apply-contact";
import { ghlClientFor } from "./connection";
import { markFailed, markSynced } from "./sync-status";

const PAGE = 100;

/**
 * GoHighLevel contacts into leads, in update-time order. "full" reads every contact (progress = contacts read / total);
 * "incremental" only those updated after the newest one seen before (Integration.syncCursor). The cursor moves after
 * each page, so a retried or restarted job goes on from the last page it finished.
 */
export async function importGhlContacts(ctx: WorkspaceJobContext, input: { integrationId: number; mode: "full" | "incremental" }) {
  const integration = await ctx.db.integration.findFirst({
    where: { id: input.integrationId, template: { key: GHL_TEMPLATE_KEY } },
    select: { id: true, subAccountId: true, templateId: true, config: true, encryptedCredentials: true, enabled: true, syncCursor: true },
  });
  if (!integration) throw new AppError("NOT_FOUND", "This GoHighLevel connection no longer exists.");
  if (!integration.enabled) return { skipped: "switched off" };
  const { client } = ghlClientFor(integration);
  const counts: Record<ContactOutcome, number> = { created: 0, updated: 0, linked: 0, unchanged: 0, kept_ours: 0 };
  const since = input.mode === "incremental" ? integration.syncCursor : null;
  // The incremental sync's changes are announced as they come (lead events, origin "gohighlevel"); the full import is bulk.
  const announce = input.mode === "incremental";
  let cursor = since;
  let searchAfter: unknown[] | undefined;
  let total: number | null = null;
  let read = 0;
  try {
    for (;;) {
      const page = await client.searchContacts({ pageLimit: PAGE, searchAfter, updatedAfter: since });
      total ??= page.total ?? null;
      for (const contact of page.contacts) {
        const updatedAt = new Date(contact.dateUpdated ?? contact.dateAdded ?? Date.now());
        counts[await applyGhlContact(ctx, integration.id, contact, updatedAt, { announce })]++;
        if (!cursor || updatedAt > cursor) cursor = updatedAt;
      }
      read += page.contacts.length;
      if (cursor) await ctx.db.integration.update({ where: { id: integration.id }, data: { syncCursor: cursor }, select: { id: true } });
      if (total) ctx.reportProgress(Math.min(99, Math.floor((read / total) * 100)));
      if (page.contacts.length < PAGE) break;
      searchAfter = page.contacts.at(-1)!.searchAfter;
      if (!searchAfter) break;
    }
  } catch (e) {
    await markFailed(ctx, integration.id, e);
  }
  await markSynced(ctx, integration.id);
  ctx.reportProgress(100);
  return { read, ...counts };
}
