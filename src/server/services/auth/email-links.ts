import { unsafeDb } from "@/server/db/client";
import type { RequestContext } from "@/server/context";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { EMAIL_LINK_ANSWER, type EmailOnlyInput } from "@/schemas/auth";
import { sendPasswordResetEmail, sendVerificationEmail } from "./account-emails";

/**
 * "Forgot password" and "send the verification link again": the same answer for every email (known, unknown,
 * verified or not), limited per client IP (the procedure) and per address (here, counted for unknown addresses too).
 */
const recipient = (email: string) =>
  unsafeDb.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, subAccountId: true, isActive: true, emailVerifiedAt: true },
  });

export async function requestPasswordReset(ctx: RequestContext, input: EmailOnlyInput): Promise<{ message: string }> {
  await enforceRateLimit("emailsToAddress", input.email);
  const user = await recipient(input.email);
  if (user?.isActive) await sendPasswordResetEmail(ctx, user);
  return { message: EMAIL_LINK_ANSWER };
}

export async function resendVerification(ctx: RequestContext, input: EmailOnlyInput): Promise<{ message: string }> {
  await enforceRateLimit("emailsToAddress", input.email);
  const user = await recipient(input.email);
  if (user?.isActive && !user.emailVerifiedAt) await sendVerificationEmail(ctx, user);
  return { message: EMAIL_LINK_ANSWER };
}
