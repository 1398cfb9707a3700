import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext } from "@/server/context";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { recordAudit } from "@/server/services/audit/record-audit";

/**
 * A platform admin chooses the workspace they act in. The choice is stored on their server-side session
 * (never taken from a request body later) and audited; every mutation made while acting is audited too.
 */
export async function actInWorkspace(ctx: AuthedContext, input: { subAccountId: number | null }) {
  if (ctx.account.kind !== "admin" || !ctx.sessionId) throw new AppError("FORBIDDEN", "Only platform administrators can do this.");
  if (input.subAccountId !== null) {
    const workspace = await unsafeDb.subAccount.findUnique({ where: { id: input.subAccountId }, select: { id: true } });
    if (!workspace || workspace.id === ONBOARDING_WORKSPACE_ID) throw AppError.field("subAccountId", "Workspace not found.");
  }
  await unsafeDb.authSession.update({ where: { id: ctx.sessionId }, data: { actingSubAccountId: input.subAccountId } });
  await recordAudit(ctx, {
    action: input.subAccountId === null ? "acting_as.leave" : "acting_as.enter",
    subAccountId: input.subAccountId,
    actor: ctx.account,
    actingAs: input.subAccountId !== null,
  });
  return { subAccountId: input.subAccountId };
}
