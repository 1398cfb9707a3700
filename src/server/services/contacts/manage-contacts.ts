import type { z } from "zod";
import { TZDate } from "@date-fns/tz";
import { startOfWeek } from "date-fns";
import type { ContactPriority, ContactStatus, Prisma } from "@/generated/prisma/client";
import { CONTACT_PRIORITIES, CONTACT_STATUSES, CONTACT_TRANSITIONS, type listContactsSchema } from "@/schemas/contacts";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { containsText } from "@/server/db/text-search";
import { timeZoneFromSettings } from "@/server/services/workspaces/workspace-time-zone";

const listFields = {
  id: true,
  name: true,
  email: true,
  phone: true,
  company: true,
  source: true,
  status: true,
  priority: true,
  assignedToUserId: true,
  assignedTo: { select: { id: true, name: true } },
  convertedLeadId: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function findContact(ctx: WorkspaceContext, id: number) {
  const contact = await ctx.db.contactSubmission.findUnique({ where: { id } });
  if (!contact) throw new AppError("NOT_FOUND", "No such contact in this workspace.");
  return contact;
}

export async function listContacts(ctx: WorkspaceContext, input: z.infer<typeof listContactsSchema>) {
  const where: Prisma.ContactSubmissionWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.priority ? { priority: input.priority } : {}),
    ...(input.assignedToUserId !== undefined ? { assignedToUserId: input.assignedToUserId } : {}),
    ...(input.search
      ? {
          OR: [
            { name: containsText(input.search) },
            { email: containsText(input.search) },
            { phone: containsText(input.search) },
            { company: containsText(input.search) },
            { message: containsText(input.search) },
          ],
        }
      : {}),
    ...(input.cursor ? { id: { lt: input.cursor } } : {}),
  };
  const rows = await ctx.db.contactSubmission.findMany({ where, orderBy: { id: "desc" }, take: input.limit + 1, select: listFields });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getContact(ctx: WorkspaceContext, input: { id: number }) {
  const contact = await ctx.db.contactSubmission.findUnique({
    where: { id: input.id },
    select: {
      ...listFields,
      message: true,
      metadata: true,
      convertedLead: { select: { id: true, name: true, status: true } },
      notes: { orderBy: { id: "desc" }, select: { id: true, body: true, createdAt: true, authorUser: { select: { id: true, name: true } } } },
    },
  });
  if (!contact) throw new AppError("NOT_FOUND", "No such contact in this workspace.");
  return { ...contact, allowedNextStatuses: CONTACT_TRANSITIONS[contact.status] };
}

/** Moves a contact along the pipeline (see CONTACT_TRANSITIONS); a concurrent change makes this fail, never overwrite. */
export async function updateContactStatus(ctx: WorkspaceContext, input: { id: number; status: ContactStatus }) {
  const contact = await findContact(ctx, input.id);
  if (contact.status === input.status) return contact;
  const allowed = CONTACT_TRANSITIONS[contact.status];
  if (!allowed.includes(input.status)) {
    const options = allowed.length ? `From ${contact.status} it can move to ${allowed.join(", ")}.` : `${contact.status} is final.`;
    throw AppError.field("status", `A contact cannot move from ${contact.status} to ${input.status}. ${options}`);
  }
  const { count } = await ctx.db.contactSubmission.updateMany({ where: { id: input.id, status: contact.status }, data: { status: input.status } });
  if (count === 0) throw new AppError("CONFLICT", "This contact changed while you were editing it. Reload and try again.");
  await auditInWorkspace(ctx, { action: "contact.status_changed", targetType: "ContactSubmission", targetId: input.id, changes: { from: contact.status, to: input.status } });
  return findContact(ctx, input.id);
}

export async function updateContactPriority(ctx: WorkspaceContext, input: { id: number; priority: ContactPriority }) {
  const before = await findContact(ctx, input.id);
  const contact = await ctx.db.contactSubmission.update({ where: { id: input.id }, data: { priority: input.priority } });
  await auditInWorkspace(ctx, { action: "contact.priority_changed", targetType: "ContactSubmission", targetId: input.id, changes: { from: before.priority, to: input.priority } });
  return contact;
}

/** Assigns to an active member of this workspace (the composite foreign key refuses anyone else's anyway), or nobody. */
export async function assignContact(ctx: WorkspaceContext, input: { id: number; userId: number | null }) {
  await findContact(ctx, input.id);
  if (input.userId !== null) {
    const member = await ctx.db.user.findUnique({ where: { id: input.userId }, select: { isActive: true } });
    if (!member) throw AppError.field("userId", "No such member in this workspace.");
    if (!member.isActive) throw AppError.field("userId", "This member is deactivated.");
  }
  const contact = await ctx.db.contactSubmission.update({ where: { id: input.id }, data: { assignedToUserId: input.userId }, select: listFields });
  await auditInWorkspace(ctx, { action: "contact.assigned", targetType: "ContactSubmission", targetId: input.id, changes: { userId: input.userId } });
  return contact;
}

export async function addContactNote(ctx: WorkspaceContext, input: { id: number; body: string }) {
  await findContact(ctx, input.id);
  return ctx.db.contactNote.create({
    data: {
      subAccountId: ctx.workspace.id,
      contactId: input.id,
      body: input.body,
      authorUserId: ctx.account?.kind === "user" ? ctx.account.id : null,
    },
    select: { id: true, body: true, createdAt: true, authorUser: { select: { id: true, name: true } } },
  });
}

/** Counts per status and priority (every value present, zero included) and contacts new since Monday in the workspace's zone. */
export async function contactStats(ctx: WorkspaceContext, now = new Date()) {
  const workspace = await ctx.db.subAccount.findFirst({ select: { settings: true } });
  const zone = timeZoneFromSettings(workspace?.settings);
  const weekStart = startOfWeek(new TZDate(now, zone), { weekStartsOn: 1 });
  const [byStatus, byPriority, newThisWeek, total] = await Promise.all([
    ctx.db.contactSubmission.groupBy({ by: ["status"], _count: { _all: true } }),
    ctx.db.contactSubmission.groupBy({ by: ["priority"], _count: { _all: true } }),
    ctx.db.contactSubmission.count({ where: { createdAt: { gte: new Date(weekStart.getTime()) } } }),
    ctx.db.contactSubmission.count(),
  ]);
  const status = Object.fromEntries(CONTACT_STATUSES.map((s) => [s, byStatus.find((r) => r.status === s)?._count._all ?? 0])) as Record<ContactStatus, number>;
  const priority = Object.fromEntries(CONTACT_PRIORITIES.map((p) => [p, byPriority.find((r) => r.priority === p)?._count._all ?? 0])) as Record<ContactPriority, number>;
  return { total, byStatus: status, byPriority: priority, newThisWeek, weekStartsAt: new Date(weekStart.getTime()) };
}
