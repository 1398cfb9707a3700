import { randomInt } from "node:crypto";
import type { Invitation } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { hashPassword } from "@/server/auth/password";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { INVITATION_ALPHABET, INVITATION_CODE_LENGTH, type CreateInvitationInput } from "@/schemas/invitations";
import { invitationStatus } from "./invitation-status";
import { isUniqueViolation } from "@/server/db/errors";
import { getEnv } from "@/env";
import { queueNotificationEmail } from "@/server/services/notifications/queue-notification-email";

export const generateInvitationCode = () =>
  Array.from({ length: INVITATION_CODE_LENGTH }, () => INVITATION_ALPHABET[randomInt(INVITATION_ALPHABET.length)]).join("");

const present = (inv: Invitation & { createdBy: { id: number; name: string } | null }) => ({
  id: inv.id,
  code: inv.code,
  requiresPassword: inv.passwordHash !== null,
  maxUses: inv.maxUses,
  uses: inv.uses,
  expiresAt: inv.expiresAt,
  isActive: inv.isActive,
  status: invitationStatus(inv),
  createdAt: inv.createdAt,
  createdBy: inv.createdBy,
});

const withCreator = { createdBy: { select: { id: true, name: true } } } as const;

export async function listInvitations(ctx: WorkspaceContext) {
  const rows = await ctx.db.invitation.findMany({ orderBy: { createdAt: "desc" }, include: withCreator, take: 200 });
  return rows.map(present);
}

export async function createInvitation(ctx: WorkspaceContext, input: CreateInvitationInput) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const createdByUserId = ctx.account?.kind === "user" ? ctx.account.id : null;
  // 31^8 codes: a collision is rare, but the unique index has the last word.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const inv = await ctx.db.invitation.create({
        data: {
          subAccountId: ctx.workspace.id,
          code: generateInvitationCode(),
          passwordHash,
          maxUses: input.maxUses ?? null,
          expiresAt: input.expiresAt ?? null,
          createdByUserId,
        },
        include: withCreator,
      });
      await auditInWorkspace(ctx, {
        action: "invitation.created",
        targetType: "Invitation",
        targetId: inv.id,
        changes: { maxUses: inv.maxUses, expiresAt: inv.expiresAt?.toISOString() ?? null, requiresPassword: passwordHash !== null, emailedTo: input.email ?? null },
      });
      if (input.email) await emailInvitation(ctx, inv, input.email);
      return present(inv);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new AppError("INTERNAL_SERVER_ERROR", "Could not generate a unique invitation code. Try again.");
}

export async function deactivateInvitation(ctx: WorkspaceContext, input: { id: number }) {
  const inv = await ctx.db.invitation.update({ where: { id: input.id }, data: { isActive: false }, include: withCreator });
  await auditInWorkspace(ctx, {
    action: "invitation.deactivated",
    targetType: "Invitation",
    targetId: inv.id,
  });
  return present(inv);
}

/**
 * The code by email, as a NotificationEmail (the same path as sign-up verification and password resets: send-email
 * through the platform's Postmark transactional stream, or the local outbox). A password is never put in an email.
 */
async function emailInvitation(ctx: WorkspaceContext, inv: Invitation, email: string) {
  const url = getEnv().publicUrl;
  const expiry = inv.expiresAt ? ` The code works until ${inv.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.` : "";
  const password = inv.passwordHash ? " Whoever invited you will tell you the invitation's password." : "";
  await queueNotificationEmail(ctx, {
    kind: "invitation",
    to: { email },
    subject: `You are invited to ${ctx.workspace.name} on Loctelli`,
    text: `You are invited to join ${ctx.workspace.name} on Loctelli.\n\nCreate your account at ${url}/register (or sign in), then choose to join a workspace and enter this code: ${inv.code}.${expiry}${password}`,
    idempotencyKey: `invitation:${inv.id}:${email.toLowerCase()}`,
  });
}
