import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext } from "@/server/context";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { CreateWorkspaceInput } from "@/schemas/workspaces";
import { insertWorkspace } from "@/server/services/workspaces/create-workspace";

export function assertOnboardingUser(ctx: AuthedContext) {
  if (ctx.account.kind !== "user" || !ctx.account.onboarding) {
    throw new AppError("FORBIDDEN", "Only people who have not joined a workspace yet can do this.");
  }
  return ctx.account;
}

/** An onboarding user creates a workspace and becomes its admin, in one transaction. */
export async function createOwnWorkspace(ctx: AuthedContext, input: CreateWorkspaceInput) {
  const account = assertOnboardingUser(ctx);
  const workspace = await unsafeDb.$transaction(async (tx) => {
    const created = await insertWorkspace(tx, input);
    // Guarded on the onboarding workspace: two tabs cannot move the same person twice.
    const moved = await tx.user.updateMany({
      where: { id: account.id, subAccountId: ONBOARDING_WORKSPACE_ID },
      data: { subAccountId: created.id, role: "admin" },
    });
    if (moved.count !== 1) throw new AppError("CONFLICT", "You have already joined a workspace.");
    return created;
  });
  await recordAudit(ctx, {
    action: "workspace.created",
    subAccountId: workspace.id,
    actor: account,
    targetType: "SubAccount",
    targetId: workspace.id,
    changes: { name: workspace.name },
  });
  return { id: workspace.id, name: workspace.name };
}
