import type { GhlContact } from "@/server/integrations/gohighlevel/client";
import type { WorkspaceContext } from "@/server/context";
import type { TenantTransaction } from "@/server/db/tenant";
import { isUniqueViolation } from "@/server/db/errors";
import { emitLeadChanged, emitLeadCreated } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { regionFromSettings } from "@/server/services/phone";
import { leadFieldsOf } from "./contact-mapping";

export type ContactOutcome = "created" | "updated" | "linked" | "unchanged" | "kept_ours";

/**
 * `announce`: record lead.created / lead.updated (origin "gohighlevel") for what this writes, as for any change here, so
 * outbound webhooks follow it; the GoHighLevel push skips events of that origin (and the link is written in the same
 * transaction, so the lead reads as synced), so nothing echoes back. Off for the full import: like CSV imports, a bulk
 * import announces no lead one by one.
 */
export interface ApplyOptions {
  announce: boolean;
}

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
  options: ApplyOptions,
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
    await updateLead(ctx, lead.id, fields, options, (tx, updatedAt) => tx.integrationLink.update({ where: { id: link.id }, data: { remoteUpdatedAt, localSyncedAt: updatedAt }, select: { id: true } }));
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
    await transactionWithEvents(ctx.db, async (tx) => {
      const created = await tx.lead.create({
        data: { subAccountId: ctx.workspace.id, ...fields, email: taken ? null : fields.email, phone: taken ? null : fields.phone, source: "gohighlevel" },
        select: { id: true, updatedAt: true },
      });
      await tx.integrationLink.create({
        data: { subAccountId: ctx.workspace.id, integrationId, kind: "contact", localId: created.id, externalId: contact.id, remoteUpdatedAt, localSyncedAt: created.updatedAt },
        select: { id: true },
      });
      if (options.announce) await emitLeadCreated(tx, ctx.workspace.id, created.id, { origin: "gohighlevel" });
    });
    return "created";
  } catch (e) {
    // Another sync of the same contact won the race: it is linked now, nothing to do.
    if (isUniqueViolation(e)) return "unchanged";
    throw e;
  }
}

/**
 * The contact's fields on the lead, `afterWrite` (the link's sync times) and the lead.updated event naming the fields
 * that really changed, in one transaction. When the email or phone belongs to another lead here, the lead keeps its
 * own for those two and takes the rest (a second transaction: the first one's failure rolled everything back).
 */
async function updateLead(
  ctx: WorkspaceContext,
  leadId: number,
  fields: ReturnType<typeof leadFieldsOf>,
  options: ApplyOptions,
  afterWrite: (tx: TenantTransaction, updatedAt: Date) => Promise<unknown>,
): Promise<void> {
  const write = (data: { name: string; company: string | null; email?: string; phone?: string }) =>
    transactionWithEvents(ctx.db, async (tx) => {
      const before = await tx.lead.findUniqueOrThrow({ where: { id: leadId }, select: { name: true, company: true, email: true, phone: true } });
      const { updatedAt } = await tx.lead.update({ where: { id: leadId }, data, select: { updatedAt: true } });
      await afterWrite(tx, updatedAt);
      const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => data[k] !== before[k]);
      if (options.announce) await emitLeadChanged(tx, ctx.workspace.id, leadId, { changed }, { origin: "gohighlevel" });
    });
  try {
    await write({ name: fields.name, company: fields.company, ...(fields.email ? { email: fields.email } : {}), ...(fields.phone ? { phone: fields.phone } : {}) });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    await write({ name: fields.name, company: fields.company });
  }
}
