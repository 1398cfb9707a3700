import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { type ConversationState, type UpdateLeadInput } from "@/schemas/leads";
import { assertNoDuplicate, assertOwner } from "./lead-fields";
import { isUniqueViolation } from "@/server/db/errors";
import { type LeadRow, findLead, prepareValues, presentLead, updateLeadRow } from "./lead-records";

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
