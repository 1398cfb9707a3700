import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { conversationStateSchema, type UpdateLeadInput } from "@/schemas/leads";
import { assertOwner, assertStrategy, defaultRegion, leadFields } from "./lead-fields";
import { normalizePhone } from "@/server/services/phone";
import { isRecordNotFound } from "@/server/db/errors";
import { emitLeadChanged } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import type { LeadPayload } from "@/server/events/payloads";

export type LeadRow = Prisma.LeadGetPayload<{ select: typeof leadFields }>;

/** conversationState leaves the server typed; a stored value that does not fit the schema reads as null. */
export function presentLead(lead: LeadRow) {
  const state = conversationStateSchema.safeParse(lead.conversationState);
  return { ...lead, conversationState: state.success ? state.data : null };
}

export const notFound = (id: number) => new AppError("NOT_FOUND", `No lead #${id} in this workspace.`);

/** The lead fields events carry (payloads.ts): writing one of them is a lead.updated event. */
const PUBLIC_LEAD_FIELDS = new Set<string>([
  "name", "email", "phone", "company", "position", "source", "customId", "status", "timezone", "ownerId", "strategyId", "archivedAt",
] satisfies (keyof LeadPayload)[]);

/**
 * Writes to one lead by id; another workspace's id (or a deleted lead) is "not found", never a crash. A write to a
 * public field records lead.updated (and lead.status_changed when the status moves) in the same transaction.
 */
export async function updateLeadRow(ctx: WorkspaceContext, id: number, data: Prisma.LeadUncheckedUpdateInput) {
  const changed = Object.entries(data).filter(([k, v]) => v !== undefined && PUBLIC_LEAD_FIELDS.has(k)).map(([k]) => k);
  try {
    if (!changed.length) return await ctx.db.lead.update({ where: { id }, data, select: leadFields });
    return await transactionWithEvents(ctx.db, async (tx) => {
      const before = changed.includes("status") ? await tx.lead.findUnique({ where: { id }, select: { status: true } }) : null;
      const lead = await tx.lead.update({ where: { id }, data, select: leadFields });
      await emitLeadChanged(tx, ctx.workspace.id, id, { changed, previousStatus: before?.status });
      return lead;
    });
  } catch (e) {
    if (isRecordNotFound(e)) throw notFound(id);
    throw e;
  }
}

export async function findLead(ctx: WorkspaceContext, id: number) {
  const lead = await ctx.db.lead.findUnique({ where: { id }, select: leadFields });
  if (!lead) throw notFound(id);
  return lead;
}

export const MERGEABLE = ["email", "phone", "company", "position", "source", "customId", "timezone", "strategyId", "ownerId"] as const;

export type LeadValues = Partial<Record<(typeof MERGEABLE)[number], string | number | null>>;

/** Validated, normalised values of the given fields (undefined fields are left out). Nothing is written here. */
export async function prepareValues(ctx: WorkspaceContext, input: Omit<UpdateLeadInput, "id">) {
  const phone = input.phone ? normalizePhone(input.phone, await defaultRegion(ctx)) : input.phone;
  if (input.ownerId) await assertOwner(ctx, input.ownerId);
  if (input.strategyId) await assertStrategy(ctx, input.strategyId);
  return { ...input, phone };
}
