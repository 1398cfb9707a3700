import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { AuthedContext, RequestContext } from "@/server/context";
import { verifyPassword } from "@/server/auth/password";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { recordAudit } from "@/server/services/audit/record-audit";
import { assertOnboardingUser } from "@/server/services/onboarding/create-own-workspace";
import type { JoinWorkspaceInput } from "@/schemas/invitations";
import { INVITATION_UNUSABLE, invitationStatus } from "@/server/services/invitations/invitation-status";

const UNKNOWN_CODE = "No invitation matches this code.";

async function findUsableInvitation(code: string) {
  const invitation = await unsafeDb.invitation.findUnique({
    where: { code },
    include: { subAccount: { select: { name: true, isActive: true } } },
  });
  if (!invitation || invitation.subAccountId === ONBOARDING_WORKSPACE_ID) throw AppError.field("code", UNKNOWN_CODE);
  const status = invitationStatus(invitation);
  if (status !== "active") throw AppError.field("code", INVITATION_UNUSABLE[status]);
  if (!invitation.subAccount.isActive) throw AppError.field("code", "This workspace is not accepting new members.");
  return invitation;
}

/** What the holder of a code may see before joining: the workspace's name and the code's terms, nothing more. */
export async function validateInvitation(_ctx: RequestContext, input: { code: string }) {
  const inv = await findUsableInvitation(input.code);
  return {
    workspaceName: inv.subAccount.name,
    requiresPassword: inv.passwordHash !== null,
    usesLeft: inv.maxUses === null ? null : inv.maxUses - inv.uses,
    expiresAt: inv.expiresAt,
  };
}

/**
 * Joins the invitation's workspace. The use is counted by one conditional UPDATE inside the transaction
 * that moves the person, so any number of concurrent joins never exceeds maxUses, and a failure leaves
 * the count unchanged.
 */
export async function joinWorkspace(ctx: AuthedContext, input: JoinWorkspaceInput) {
  const account = assertOnboardingUser(ctx);
  const inv = await findUsableInvitation(input.code);
  if (inv.passwordHash) {
    if (!input.password) throw AppError.field("password", "This invitation needs its password.");
    if (!(await verifyPassword(input.password, inv.passwordHash))) throw AppError.field("password", "The invitation password is incorrect.");
  }
  const now = new Date();
  await unsafeDb.$transaction(async (tx) => {
    const counted = await tx.invitation.updateMany({
      where: {
        id: inv.id,
        isActive: true,
        AND: [
          { OR: [{ maxUses: null }, { uses: { lt: tx.invitation.fields.maxUses } }] },
          { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        ],
      },
      data: { uses: { increment: 1 } },
    });
    if (counted.count !== 1) throw AppError.field("code", INVITATION_UNUSABLE.exhausted);
    const moved = await tx.user.updateMany({
      where: { id: account.id, subAccountId: ONBOARDING_WORKSPACE_ID },
      data: { subAccountId: inv.subAccountId, role: "user" },
    });
    if (moved.count !== 1) throw new AppError("CONFLICT", "You have already joined a workspace.");
  });
  await recordAudit(ctx, {
    action: "invitation.used",
    subAccountId: inv.subAccountId,
    actor: account,
    targetType: "Invitation",
    targetId: inv.id,
  });
  return { id: inv.subAccountId, name: inv.subAccount.name };
}
