import type { Prisma } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { type CreateLeadInput } from "@/schemas/leads";
import { duplicateError, findDuplicate, leadFields } from "./lead-fields";
import { writeLeadNote } from "./lead-notes";
import { isUniqueViolation } from "@/server/db/errors";
import { emitLeadCreated } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { type LeadRow, type LeadValues, MERGEABLE, findLead, prepareValues, presentLead, updateLeadRow } from "./lead-records";

// A burst of creates (forms, API clients) may queue for a pooled connection longer than Prisma's default 2 s.
const CREATE_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

export async function createLead(ctx: WorkspaceContext, input: CreateLeadInput) {
  const { onDuplicate, ...fields } = input;
  const values = await prepareValues(ctx, fields);
  const keys = { email: values.email, phone: values.phone };
  const existing = await findDuplicate(ctx, keys);
  if (existing) {
    if (onDuplicate === "refuse") throw duplicateError(existing);
    return mergeIntoLead(ctx, existing.lead.id, values);
  }
  let lead: LeadRow;
  try {
    // The lead, its audit record and its lead.created event commit together: a connection lost in between leaves none.
    lead = await transactionWithEvents(ctx.db, async (tx) => {
      const created = await tx.lead.create({
        data: { ...values, name: fields.name, status: values.status ?? "new", subAccountId: ctx.workspace.id },
        select: leadFields,
      });
      await auditInWorkspace(
        ctx,
        { action: "lead.created", targetType: "Lead", targetId: created.id, changes: { name: created.name, email: created.email, phone: created.phone } },
        tx,
      );
      await emitLeadCreated(tx, ctx.workspace.id, created.id);
      return created;
    }, CREATE_TRANSACTION);
  } catch (e) {
    // A concurrent create won the race for this email or phone: the unique index refused ours.
    if (!isUniqueViolation(e)) throw e;
    const winner = await findDuplicate(ctx, keys);
    if (!winner) throw e;
    if (onDuplicate === "refuse") throw duplicateError(winner);
    return mergeIntoLead(ctx, winner.lead.id, values);
  }
  return { ...presentLead(lead), merged: false };
}

/**
 * Fills the existing lead's empty fields from a duplicate submission, never overwriting what it has, and notes
 * what was filled. An email or phone that a third lead already holds is left out rather than refused.
 */
async function mergeIntoLead(ctx: WorkspaceContext, leadId: number, values: LeadValues) {
  const existing = await findLead(ctx, leadId);
  const filled: LeadValues = {};
  for (const field of MERGEABLE) {
    const incoming = values[field];
    if (incoming === undefined || incoming === null || existing[field] !== null) continue;
    if ((field === "email" || field === "phone") && (await findDuplicate(ctx, { [field]: incoming as string }, leadId))) continue;
    filled[field] = incoming;
  }
  const names = Object.keys(filled);
  const lead = names.length ? await updateLeadRow(ctx, leadId, filled as Prisma.LeadUncheckedUpdateInput) : existing;
  await writeLeadNote(
    ctx,
    leadId,
    names.length
      ? `A duplicate submission was merged into this lead; filled: ${names.join(", ")}.`
      : "A duplicate submission was merged into this lead; it had nothing new.",
  );
  await auditInWorkspace(ctx, {
    action: "lead.merged",
    targetType: "Lead",
    targetId: leadId,
    changes: filled as Prisma.InputJsonValue,
  });
  return { ...presentLead(lead), merged: true };
}
