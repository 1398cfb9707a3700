import type { Prisma } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { workspaceSettingsSchema, type UpdateWorkspaceInput } from "@/schemas/workspaces";

export const workspaceFields = { id: true, name: true, slug: true, description: true, settings: true, isActive: true, createdAt: true } as const;

/** Settings are stored as JSON; what leaves the server is the typed shape (unknown or invalid keys dropped). */
export function presentWorkspace<T extends { settings: Prisma.JsonValue }>(workspace: T) {
  const parsed = workspaceSettingsSchema.safeParse(workspace.settings ?? {});
  return { ...workspace, settings: parsed.success ? parsed.data : {} };
}

/** Settings are merged, so a form that edits one setting never erases the others. */
export function workspaceChanges(current: Prisma.JsonValue, input: UpdateWorkspaceInput): Prisma.SubAccountUpdateInput {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description || null } : {}),
    ...(input.settings ? { settings: { ...((current as object | null) ?? {}), ...input.settings } } : {}),
  };
}

export async function updateWorkspace(ctx: WorkspaceContext, input: UpdateWorkspaceInput) {
  const current = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const workspace = await ctx.db.subAccount.update({
    where: { id: ctx.workspace.id },
    data: workspaceChanges(current.settings, input),
    select: workspaceFields,
  });
  await auditInWorkspace(ctx, { action: "workspace.updated", targetType: "SubAccount", targetId: workspace.id, changes: input as Prisma.InputJsonValue });
  return presentWorkspace(workspace);
}
