import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import {
  conversationStateSchema,
  type ConversationState,
  type CreateLeadInput,
  type UpdateLeadInput,
} from "@/schemas/leads";
import {
  assertNoDuplicate,
  assertOwner,
  assertStrategy,
  defaultRegion,
  duplicateError,
  findDuplicate,
  leadFields,
} from "./lead-fields";
import { normalizePhone } from "@/server/services/phone";
import { latestNotes, writeLeadNote } from "./lead-notes";
import { isRecordNotFound, isUniqueViolation } from "@/server/db/errors";

type LeadRow = Prisma.LeadGetPayload<{ select: typeof leadFields }>;

/** conversationState leaves the server typed; a stored value that does not fit the schema reads as null. */
export function presentLead(lead: LeadRow) {
  const state = conversationStateSchema.safeParse(lead.conversationState);
  return { ...lead, conversationState: state.success ? state.data : null };
}

const notFound = (id: number) => new AppError("NOT_FOUND", `No lead #${id} in this workspace.`);

/** Writes to one lead by id; another workspace's id (or a deleted lead) is "not found", never a crash. */
async function updateLeadRow(ctx: WorkspaceContext, id: number, data: Prisma.LeadUncheckedUpdateInput) {
  try {
    return await ctx.db.lead.update({ where: { id }, data, select: leadFields });
  } catch (e) {
    if (isRecordNotFound(e)) throw notFound(id);
    throw e;
  }
}

async function findLead(ctx: WorkspaceContext, id: number) {
  const lead = await ctx.db.lead.findUnique({ where: { id }, select: leadFields });
  if (!lead) throw notFound(id);
  return lead;
}

const MERGEABLE = ["email", "phone", "company", "position", "source", "customId", "timezone", "strategyId", "ownerId"] as const;
type LeadValues = Partial<Record<(typeof MERGEABLE)[number], string | number | null>>;

/** Validated, normalised values of the given fields (undefined fields are left out). Nothing is written here. */
async function prepareValues(ctx: WorkspaceContext, input: Omit<UpdateLeadInput, "id">) {
  const phone = input.phone ? normalizePhone(input.phone, await defaultRegion(ctx)) : input.phone;
  if (input.ownerId) await assertOwner(ctx, input.ownerId);
  if (input.strategyId) await assertStrategy(ctx, input.strategyId);
  return { ...input, phone };
}

export async function getLead(ctx: WorkspaceContext, input: { id: number }) {
  const lead = await findLead(ctx, input.id);
  const notes = await latestNotes(ctx, lead.id, 5);
  return { ...presentLead(lead), latestNotes: notes.items, moreNotes: notes.nextCursor !== null };
}

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
    lead = await ctx.db.lead.create({
      data: { ...values, name: fields.name, status: values.status ?? "new", subAccountId: ctx.workspace.id },
      select: leadFields,
    });
  } catch (e) {
    // A concurrent create won the race for this email or phone: the unique index refused ours.
    if (!isUniqueViolation(e)) throw e;
    const winner = await findDuplicate(ctx, keys);
    if (!winner) throw e;
    if (onDuplicate === "refuse") throw duplicateError(winner);
    return mergeIntoLead(ctx, winner.lead.id, values);
  }
  await auditInWorkspace(ctx, {
    action: "lead.created",
    targetType: "Lead",
    targetId: lead.id,
    changes: { name: lead.name, email: lead.email, phone: lead.phone },
  });
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

export async function updateLead(ctx: WorkspaceContext, input: UpdateLeadInput) {
  const { id, ...fields } = input;
  const before = await findLead(ctx, id);
  const values = await prepareValues(ctx, fields);
  const keys = {
    email: values.email && values.email !== before.email ? values.email : null,
    phone: values.phone && values.phone !== before.phone ? values.phone : null,
  };
  await assertNoDuplicate(ctx, keys, id);
  let lead: LeadRow;
  try {
    lead = await updateLeadRow(ctx, id, values);
  } catch (e) {
    if (isUniqueViolation(e)) await assertNoDuplicate(ctx, keys, id);
    throw e;
  }
  if (values.ownerId !== undefined && values.ownerId !== before.ownerId) {
    await auditInWorkspace(ctx, { action: "lead.assigned", targetType: "Lead", targetId: id, changes: { from: before.ownerId, to: lead.ownerId } });
  }
  return presentLead(lead);
}

export async function setLeadArchived(ctx: WorkspaceContext, input: { id: number }, archived: boolean) {
  return presentLead(await updateLeadRow(ctx, input.id, { archivedAt: archived ? new Date() : null }));
}

export async function deleteLead(ctx: WorkspaceContext, input: { id: number }) {
  const before = await findLead(ctx, input.id);
  try {
    await ctx.db.lead.delete({ where: { id: input.id } });
  } catch (e) {
    if (isRecordNotFound(e)) throw notFound(input.id);
    throw e;
  }
  await auditInWorkspace(ctx, {
    action: "lead.deleted",
    targetType: "Lead",
    targetId: input.id,
    changes: { name: before.name, email: before.email, phone: before.phone },
  });
  return { id: input.id };
}

export async function assignLead(ctx: WorkspaceContext, input: { id: number; ownerId: number | null }) {
  const before = await findLead(ctx, input.id);
  if (input.ownerId !== null) await assertOwner(ctx, input.ownerId);
  const lead = await updateLeadRow(ctx, input.id, { ownerId: input.ownerId });
  await auditInWorkspace(ctx, { action: "lead.assigned", targetType: "Lead", targetId: input.id, changes: { from: before.ownerId, to: input.ownerId } });
  return presentLead(lead);
}

export async function updateConversationState(ctx: WorkspaceContext, input: { id: number; conversationState: ConversationState }) {
  return presentLead(await updateLeadRow(ctx, input.id, { conversationState: input.conversationState }));
}
