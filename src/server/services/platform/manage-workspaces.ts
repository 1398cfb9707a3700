import type { Prisma } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext } from "@/server/context";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { recordAudit } from "@/server/services/audit/record-audit";
import { insertWorkspace } from "@/server/services/workspaces/create-workspace";
import { presentWorkspace, workspaceChanges, workspaceFields } from "@/server/services/workspaces/update-workspace";
import type { z } from "zod";
import type { adminUpdateWorkspaceSchema, createWorkspaceSchema, deleteWorkspaceSchema, listWorkspacesSchema } from "@/schemas/workspaces";
import { containsText } from "@/server/db/text-search";
import { invalidateSmsRouting } from "@/server/services/sms/twilio-webhook";

/** Platform administration spans workspaces, so these services use the base client and audit every change. */
export async function listWorkspaces(input: z.infer<typeof listWorkspacesSchema>) {
  const rows = await unsafeDb.subAccount.findMany({
    where: {
      id: { not: ONBOARDING_WORKSPACE_ID, ...(input.cursor ? { lt: input.cursor } : {}) },
      ...(input.includeInactive ? {} : { isActive: true }),
      ...(input.search
        ? { OR: [{ name: containsText(input.search) }, { slug: containsText(input.search) }] }
        : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: { ...workspaceFields, _count: { select: { users: true, leads: true, bookings: true } } },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ _count, ...w }) => ({ ...presentWorkspace(w), counts: _count })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function createWorkspaceAsAdmin(ctx: AuthedContext, input: z.infer<typeof createWorkspaceSchema>) {
  const workspace = await unsafeDb.$transaction((tx) => insertWorkspace(tx, input, ctx.account.id));
  await recordAudit(ctx, { action: "workspace.created", subAccountId: workspace.id, actor: ctx.account, targetType: "SubAccount", targetId: workspace.id, changes: { name: workspace.name } });
  return { id: workspace.id, name: workspace.name };
}

async function existingWorkspace(id: number) {
  const workspace = id === ONBOARDING_WORKSPACE_ID ? null : await unsafeDb.subAccount.findUnique({ where: { id }, select: { id: true, name: true, settings: true } });
  if (!workspace) throw new AppError("NOT_FOUND", "No such workspace.");
  return workspace;
}

export async function updateWorkspaceAsAdmin(ctx: AuthedContext, input: z.infer<typeof adminUpdateWorkspaceSchema>) {
  const current = await existingWorkspace(input.id);
  const { id, isActive, ...changes } = input;
  const workspace = await unsafeDb.subAccount.update({
    where: { id },
    data: { ...workspaceChanges(current.settings, changes), ...(isActive !== undefined ? { isActive } : {}) },
    select: workspaceFields,
  });
  const action = isActive === false ? "workspace.deactivated" : isActive === true ? "workspace.reactivated" : "workspace.updated";
  await recordAudit(ctx, { action, subAccountId: id, actor: ctx.account, targetType: "SubAccount", targetId: id, changes: changes as Prisma.InputJsonValue });
  return presentWorkspace(workspace);
}

/** Deletes the workspace and, through cascading keys, everything it owns. The audit log keeps the record. */
export async function deleteWorkspace(ctx: AuthedContext, input: z.infer<typeof deleteWorkspaceSchema>) {
  const workspace = await existingWorkspace(input.id);
  if (input.confirmName !== workspace.name) throw AppError.field("confirmName", `Type the workspace name exactly: ${workspace.name}`);
  const counts = await unsafeDb.subAccount.findUniqueOrThrow({
    where: { id: input.id },
    select: { _count: { select: { users: true, leads: true, bookings: true } } },
  });
  await unsafeDb.subAccount.delete({ where: { id: input.id } });
  // Its numbers went with it: inbound webhooks must stop finding them in any process's routing cache.
  await invalidateSmsRouting();
  await recordAudit(ctx, {
    action: "workspace.deleted",
    subAccountId: input.id,
    actor: ctx.account,
    targetType: "SubAccount",
    targetId: input.id,
    changes: { name: workspace.name, deleted: counts._count },
  });
  return { id: input.id };
}
