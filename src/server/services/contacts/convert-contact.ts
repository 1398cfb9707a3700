import type { ContactStatus } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { findContact } from "./manage-contacts";
import { normalizePhone, regionFromSettings } from "@/server/services/phone";
import { isUniqueViolation } from "@/server/db/errors";
import { emitLeadCreated } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";

/** Statuses a conversion leaves alone: the deal is closed, or already past qualification. */
const KEEP_STATUS: ReadonlySet<ContactStatus> = new Set(["PROPOSAL_SENT", "CLOSED_WON", "CLOSED_LOST"]);

async function refuseDuplicateLead(ctx: WorkspaceContext, email: string | null, phone: string | null) {
  const or = [...(email ? [{ email }] : []), ...(phone ? [{ phone }] : [])];
  if (or.length === 0) return;
  const existing = await ctx.db.lead.findFirst({ where: { OR: or }, select: { id: true, name: true, email: true } });
  if (!existing) return;
  const by = email && existing.email === email ? "email" : "phone";
  throw new AppError("CONFLICT", `A lead with this ${by} already exists: ${existing.name} (lead #${existing.id}).`, {
    details: { duplicateOf: { type: "lead", id: existing.id, name: existing.name, field: by } },
  });
}

/**
 * Turns a contact submission into a lead (name, email, phone as E.164, company, owner = the assignee) and links it.
 * The contact becomes QUALIFIED unless it is already further along or closed.
 */
export async function convertContactToLead(ctx: WorkspaceContext, input: { id: number }) {
  const contact = await findContact(ctx, input.id);
  if (contact.convertedLeadId !== null) {
    throw new AppError("CONFLICT", `This contact was already converted to lead #${contact.convertedLeadId}.`);
  }
  const workspace = await ctx.db.subAccount.findFirst({ select: { settings: true } });
  const email = contact.email?.toLowerCase() ?? null;
  const phone = contact.phone ? normalizePhone(contact.phone, regionFromSettings(workspace?.settings)) : null;
  await refuseDuplicateLead(ctx, email, phone);
  const nextStatus = KEEP_STATUS.has(contact.status) ? contact.status : "QUALIFIED";
  try {
    const result = await transactionWithEvents(ctx.db, async (tx) => {
      const lead = await tx.lead.create({
        data: {
          subAccountId: ctx.workspace.id,
          name: contact.name,
          email,
          phone,
          company: contact.company,
          source: contact.source ?? "contact_form",
          ownerId: contact.assignedToUserId,
        },
        select: { id: true, name: true, email: true, phone: true, company: true, status: true },
      });
      // Guarded by convertedLeadId: null, so two concurrent conversions cannot both link a lead.
      const { count } = await tx.contactSubmission.updateMany({
        where: { id: contact.id, convertedLeadId: null },
        data: { convertedLeadId: lead.id, status: nextStatus },
      });
      if (count === 0) throw new AppError("CONFLICT", "This contact was just converted by someone else.");
      await emitLeadCreated(tx, ctx.workspace.id, lead.id);
      return lead;
    });
    await auditInWorkspace(ctx, {
      action: "contact.converted",
      targetType: "ContactSubmission",
      targetId: contact.id,
      changes: { leadId: result.id, from: contact.status, to: nextStatus },
    });
    return { contactId: contact.id, status: nextStatus, lead: result };
  } catch (e) {
    // A lead with the same email or phone was created between the check and the insert.
    if (isUniqueViolation(e)) {
      await refuseDuplicateLead(ctx, email, phone);
      throw new AppError("CONFLICT", "A lead with this email or phone already exists.");
    }
    throw e;
  }
}
