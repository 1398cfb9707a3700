import type { WorkspaceJobContext } from "@/server/context";
import { GhlError, type GhlClient, type GhlContact } from "@/server/integrations/gohighlevel/client";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";
import { applyGhlContact } from "./apply-contact";
import { ghlClientFor, type GhlSettings } from "./connection";
import { contactBodyOf } from "./contact-mapping";
import { markFailed, markSynced } from "./sync-status";

export const ghlIntegrationSelect = { id: true, subAccountId: true, templateId: true, config: true, encryptedCredentials: true, enabled: true } as const;

export async function findGhlIntegration(ctx: WorkspaceJobContext, integrationId: number) {
  return ctx.db.integration.findFirst({ where: { id: integrationId, template: { key: GHL_TEMPLATE_KEY } }, select: ghlIntegrationSelect });
}

export type PushOutcome = "created" | "updated" | "unchanged" | "kept_theirs" | "skipped";

/**
 * A lead's changes to its GoHighLevel contact (created when it has none), with the workspace's field mapping. When the
 * contact also changed there since the last sync, the later update time wins and the conflict is recorded: theirs is
 * applied here instead of pushing ours.
 */
export async function pushLeadToGhl(ctx: WorkspaceJobContext, input: { integrationId: number; leadId: number }): Promise<{ outcome: PushOutcome; contactId?: string }> {
  const integration = await findGhlIntegration(ctx, input.integrationId);
  if (!integration?.enabled) return { outcome: "skipped" };
  const { client, settings } = ghlClientFor(integration);
  if (!settings.pushLeads) return { outcome: "skipped" };
  try {
    const result = await pushWithClient(ctx, integration.id, client, settings, input.leadId);
    if (result.outcome !== "unchanged" && result.outcome !== "skipped") await markSynced(ctx, integration.id);
    return result;
  } catch (e) {
    return markFailed(ctx, integration.id, e);
  }
}

export async function pushWithClient(ctx: WorkspaceJobContext, integrationId: number, client: GhlClient, settings: GhlSettings, leadId: number): Promise<{ outcome: PushOutcome; contactId?: string }> {
  const lead = await ctx.db.lead.findFirst({ where: { id: leadId }, select: { id: true, name: true, email: true, phone: true, company: true, source: true, status: true, updatedAt: true } });
  if (!lead) return { outcome: "skipped" };
  const link = await ctx.db.integrationLink.findFirst({ where: { integrationId, kind: "contact", localId: lead.id } });
  if (link?.localSyncedAt && lead.updatedAt <= link.localSyncedAt) return { outcome: "unchanged", contactId: link.externalId };
  const body = contactBodyOf({ ...lead, status: String(lead.status) }, settings.fieldMapping);

  let contact: GhlContact;
  if (link) {
    const { contact: remote } = await client.getContact(link.externalId);
    const remoteUpdatedAt = new Date(remote.dateUpdated ?? 0);
    if (link.remoteUpdatedAt && remoteUpdatedAt > link.remoteUpdatedAt) {
      // Changed on both sides since the last sync.
      if (remoteUpdatedAt > lead.updatedAt) {
        await applyGhlContact(ctx, integrationId, remote, remoteUpdatedAt, { announce: true }); // records the conflict, theirs wins
        return { outcome: "kept_theirs", contactId: link.externalId };
      }
      await ctx.db.integrationConflict.create({
        data: { subAccountId: ctx.workspace.id, integrationId, kind: "contact", localId: lead.id, externalId: link.externalId, winner: "ours", localUpdatedAt: lead.updatedAt, remoteUpdatedAt, label: lead.name },
      });
    }
    contact = (await client.updateContact(link.externalId, body)).contact;
  } else {
    try {
      contact = (await client.createContact(body)).contact;
    } catch (e) {
      // GoHighLevel already has a contact with this email or phone: link it and update it.
      const existingId = e instanceof GhlError ? duplicateContactId(e) : null;
      if (!existingId) throw e;
      contact = (await client.updateContact(existingId, body)).contact;
    }
  }
  const remoteUpdatedAt = new Date(contact.dateUpdated ?? Date.now());
  const data = { localSyncedAt: lead.updatedAt, remoteUpdatedAt };
  if (link) await ctx.db.integrationLink.update({ where: { id: link.id }, data: { ...data, externalId: contact.id } });
  else {
    await ctx.db.integrationLink.deleteMany({ where: { integrationId, kind: "contact", externalId: contact.id } });
    await ctx.db.integrationLink.create({ data: { subAccountId: ctx.workspace.id, integrationId, kind: "contact", localId: lead.id, externalId: contact.id, ...data } });
  }
  return { outcome: link ? "updated" : "created", contactId: contact.id };
}

function duplicateContactId(e: GhlError): string | null {
  return e.status === 400 && e.duplicateContactId ? e.duplicateContactId : null;
}
