import type { CountryCode } from "libphonenumber-js/max";
import { regionFromSettings } from "@/server/services/phone";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";

/** A lead's own columns, as answers carry them. */
export const leadScalarFields = {
  id: true,
  name: true,
  email: true,
  phone: true,
  company: true,
  position: true,
  source: true,
  customId: true,
  status: true,
  timezone: true,
  conversationState: true,
  aiPaused: true,
  lastMessageAt: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
  ownerId: true,
  strategyId: true,
} as const satisfies Prisma.LeadSelect;

/** What every lead answer carries: the lead, its owner's and strategy's names. */
export const leadFields = {
  ...leadScalarFields,
  owner: { select: { id: true, name: true } },
  strategy: { select: { id: true, name: true } },
} as const satisfies Prisma.LeadSelect;

/** The region a phone written without a country code is read in: the workspace setting, else US. */
export async function defaultRegion(ctx: WorkspaceContext): Promise<CountryCode> {
  const workspace = await ctx.db.subAccount.findFirst({ select: { settings: true } });
  return regionFromSettings(workspace?.settings);
}

/** The owner must be an active member of this workspace (ctx.db reads another workspace's id as missing). */
export async function assertOwner(ctx: WorkspaceContext, ownerId: number) {
  const owner = await ctx.db.user.findUnique({ where: { id: ownerId }, select: { id: true, isActive: true, name: true } });
  if (!owner) throw AppError.field("ownerId", `No member #${ownerId} in this workspace.`);
  if (!owner.isActive) throw AppError.field("ownerId", `${owner.name} is deactivated and cannot own leads.`);
}

export async function assertStrategy(ctx: WorkspaceContext, strategyId: number) {
  const strategy = await ctx.db.strategy.findUnique({ where: { id: strategyId }, select: { id: true } });
  if (!strategy) throw AppError.field("strategyId", `No strategy #${strategyId} in this workspace.`);
}

export interface DuplicateKeys {
  email?: string | null;
  phone?: string | null;
}

/** The lead that already holds this email or phone (email first), other than `exceptId`. */
export async function findDuplicate(ctx: WorkspaceContext, keys: DuplicateKeys, exceptId?: number) {
  const select = { id: true, name: true } as const;
  const notSelf = exceptId ? { id: { not: exceptId } } : {};
  if (keys.email) {
    const lead = await ctx.db.lead.findFirst({ where: { email: keys.email, ...notSelf }, select });
    if (lead) return { field: "email" as const, lead };
  }
  if (keys.phone) {
    const lead = await ctx.db.lead.findFirst({ where: { phone: keys.phone, ...notSelf }, select });
    if (lead) return { field: "phone" as const, lead };
  }
  return null;
}

export function duplicateError(duplicate: NonNullable<Awaited<ReturnType<typeof findDuplicate>>>) {
  const what = duplicate.field === "email" ? "email" : "phone number";
  return AppError.field(duplicate.field, `A lead with this ${what} already exists: ${duplicate.lead.name} (#${duplicate.lead.id})`, {
    duplicateOf: { type: "lead", id: duplicate.lead.id, name: duplicate.lead.name, field: duplicate.field },
  });
}

/** Refuses when another lead holds the email or phone; used before writes and after a unique violation. */
export async function assertNoDuplicate(ctx: WorkspaceContext, keys: DuplicateKeys, exceptId?: number) {
  const duplicate = await findDuplicate(ctx, keys, exceptId);
  if (duplicate) throw duplicateError(duplicate);
}
