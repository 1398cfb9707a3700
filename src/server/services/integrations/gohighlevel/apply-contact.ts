import type { GhlContact } from "@/server/integrations/gohighlevel/client";
import type { WorkspaceContext } from "@/server/context";
import { isUniqueViolation } from "@/server/db/errors";
import { regionFromSettings } from "@/server/services/phone";
import { leadFieldsOf } from "./contact-mapping";

export type ContactOutcome = "created" | "updated" | "linked" | "unchanged" | "kept_ours";

/**
 * One GoHighLevel contact applied to the workspace's leads (import, incremental sync, webhooks). Linked contacts update
 * their lead; a contact seen for the first time is linked to the lead with the same email or phone, else becomes a new
 * lead. When the lead also changed here since the last sync, the later update time wins and the conflict is recorded;
 * when ours wins, nothing is written here and the lead is pushed instead.
 */
export async function applyGhlContact(
  ctx: WorkspaceContext,
  integrationId: number,
  contact: Partial<GhlContact> & { id: string },
  remoteUpdatedAt: Date,
): Promise<ContactOutcome> {
  const workspace = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const fields = leadFieldsOf(contact, regionFromSettings(workspace.settings));
  const link = await ctx.db.integrationLink.findFirst({ where: { integrationId, kind: "contact", externalId: contact.id } });
  const lead = link ? await ctx.db.lead.findFirst({ where: { id: link.localId }, select: { id: true, name: true, updatedAt: true } }) : null;

  if (link && lead) {
    if (link.remoteUpdatedAt && remoteUpdatedAt <= link.remoteUpdatedAt) return "unchanged";
    const changedHere = !link.localSyncedAt || lead.updatedAt > link.localSyncedAt;
    if (changedHere) {
      const winner = lead.updatedAt > remoteUpdatedAt ? "ours" : "theirs";
      await ctx.db.integrationConflict.create({
        data: { subAccountId: ctx.workspace.id, integrationId, kind: "contact", localId: lead.id, externalId: contact.id, winner, localUpdatedAt: lead.updatedAt, remoteUpdatedAt, label: lead.name },
      });
      if (winner === "ours") {
        await ctx.db.integrationLink.update({ where: { id: link.id }, data: { remoteUpdatedAt } });
        return "kept_ours";
      }
    }
    const updated = await updateLead(ctx, lead.id, fields);
    await ctx.db.integrationLink.update({ where: { id: link.id }, data: { remoteUpdatedAt, localSyncedAt: updated } });
    return "updated";
  }
  if (link) await ctx.db.integrationLink.delete({ where: { id: link.id } }); // its lead was deleted here: start over

  const match = fields.email || fields.phone
    ? await ctx.db.lead.findFirst({ where: { OR: [...(fields.email ? [{ email: fields.email }] : []), ...(fields.phone ? [{ phone: fields.phone }] : [])] }, select: { id: true, updatedAt: true } })
    : null;
  const taken = match ? await ctx.db.integrationLink.findFirst({ where: { integrationId, kind: "contact", localId: match.id }, select: { id: true } }) : null;
  if (match && !taken) {
    await ctx.db.integrationLink.create({
      data: { subAccountId: ctx.workspace.id, integrationId, kind: "contact", localId: match.id, externalId: contact.id, remoteUpdatedAt, localSyncedAt: match.updatedAt },
    });
    return "linked";
  }
  try {
    const created = await ctx.db.lead.create({
      data: { subAccountId: ctx.workspace.id, ...fields, email: taken ? null : fields.email, phone: taken ? null : fields.phone, source: "gohighlevel" },
      select: { id: true, updatedAt: true },
    });
    await ctx.db.integrationLink.create({
      data: { subAccountId: ctx.workspace.id, integrationId, kind: "contact", localId: created.id, externalId: contact.id, remoteUpdatedAt, localSyncedAt: created.updatedAt },
    });
    return "created";
  } catch (e) {
    // Another sync of the same contact won the race: it is linked now, nothing to do.
    if (isUniqueViolation(e)) return "unchanged";
    throw e;
  }
}

async function updateLead(ctx: WorkspaceContext, leadId: number, fields: ReturnType<typeof leadFieldsOf>): Promise<Date> {
  const data = { name: fields.name, company: fields.company, ...(fields.email ? { email: fields.email } : {}), ...(fields.phone ? { phone: fields.phone } : {}) };
  try {
    return (await ctx.db.lead.update({ where: { id: leadId }, data, select: { updatedAt: true } })).updatedAt;
  } catch (e) {
    // The email or phone belongs to another lead here: keep ours for those two, take the rest.
    if (!isUniqueViolation(e)) throw e;
    return (await ctx.db.lead.update({ where: { id: leadId }, data: { name: fields.name, company: fields.company }, select: { updatedAt: true } })).updatedAt;
  }
}
