import { randomUUID } from "node:crypto";
import { getEnv } from "@/env";
import type { RequestContext, WorkspaceContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { tenantDb } from "@/server/db/tenant";
import { ACCOUNT_TOKEN_TTL_MS, issueAccountToken } from "@/server/auth/account-tokens";
import { queueNotificationEmail } from "@/server/services/notifications/queue-notification-email";

/**
 * Emails about a person's own account (verify the address, reset the password, someone signing up with it). They are
 * notification emails of the account's workspace, sent by the send-email job through the messaging driver (the local
 * outbox without Postmark credentials). They are addressed by email, not linked to the user row: a user of the onboarding
 * workspace moves to their own workspace later, and a link would tie them to workspace 1's email rows.
 */
interface Recipient {
  id: number;
  email: string;
  name: string;
  subAccountId: number;
}

async function accountWorkspaceContext(ctx: RequestContext, subAccountId: number): Promise<WorkspaceContext> {
  const workspace = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: subAccountId }, select: { id: true, name: true } });
  return { ...ctx, account: null, workspace, db: tenantDb(workspace.id), actingAsAdmin: false };
}

const hours = (ms: number) => ms / 3_600_000;
const minutes = (ms: number) => ms / 60_000;

export async function sendVerificationEmail(ctx: RequestContext, user: Recipient): Promise<void> {
  const token = await issueAccountToken(user.id, "verify_email");
  const link = `${getEnv().APP_URL}/verify-email?token=${token}`;
  await queueNotificationEmail(await accountWorkspaceContext(ctx, user.subAccountId), {
    kind: "email_verification",
    to: { email: user.email },
    subject: "Confirm your email address for Loctelli",
    text: [
      `Hello ${user.name},`,
      "",
      "Confirm your email address to finish signing up for Loctelli:",
      link,
      "",
      `The link works once, for ${hours(ACCOUNT_TOKEN_TTL_MS.verify_email)} hours. If you did not sign up, ignore this email: no account is usable without it.`,
    ].join("\n"),
    idempotencyKey: `email-verification:${user.id}:${randomUUID()}`,
  });
}

export async function sendPasswordResetEmail(ctx: RequestContext, user: Recipient): Promise<void> {
  const token = await issueAccountToken(user.id, "reset_password");
  const link = `${getEnv().APP_URL}/reset-password?token=${token}`;
  await queueNotificationEmail(await accountWorkspaceContext(ctx, user.subAccountId), {
    kind: "password_reset",
    to: { email: user.email },
    subject: "Reset your Loctelli password",
    text: [
      `Hello ${user.name},`,
      "",
      "Someone (hopefully you) asked to reset the password of your Loctelli account. Choose a new one here:",
      link,
      "",
      `The link works once, for ${minutes(ACCOUNT_TOKEN_TTL_MS.reset_password)} minutes. Resetting signs you out everywhere.`,
      "If you did not ask, ignore this email: your password is unchanged.",
    ].join("\n"),
    idempotencyKey: `password-reset:${user.id}:${randomUUID()}`,
  });
}

export async function sendSignUpAttemptEmail(ctx: RequestContext, user: Recipient): Promise<void> {
  const appUrl = getEnv().APP_URL;
  await queueNotificationEmail(await accountWorkspaceContext(ctx, user.subAccountId), {
    kind: "signup_attempt",
    to: { email: user.email },
    subject: "Someone tried to sign up to Loctelli with your email",
    text: [
      `Hello ${user.name},`,
      "",
      "Someone tried to create a Loctelli account with this email address, which already has one. Nothing was changed.",
      `If it was you, sign in at ${appUrl}/sign-in, or choose a new password at ${appUrl}/forgot-password.`,
      "If it was not you, you can ignore this email.",
    ].join("\n"),
    idempotencyKey: `signup-attempt:${user.id}:${randomUUID()}`,
  });
}
