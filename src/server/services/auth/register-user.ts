import { unsafeDb } from "@/server/db/client";
import type { RequestContext } from "@/server/context";
import { burnPasswordCheck, hashPassword } from "@/server/auth/password";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import { recordAudit } from "@/server/services/audit/record-audit";
import { REGISTER_ANSWER, type RegisterInput } from "@/schemas/auth";
import { rememberPassword } from "./password-history";
import { isRecordNotFound, isUniqueViolation } from "@/server/db/errors";
import { sendSignUpAttemptEmail, sendVerificationEmail } from "./account-emails";

/**
 * Sign-up answers the same whether the email has an account or not, and does the same work (one bcrypt hash, one
 * email), so neither the answer nor its time tells. A new account starts unverified in the onboarding workspace and
 * gets a verification link; the owner of an existing account gets a "someone tried to sign up with your email" email
 * instead. Signing up again before verifying replaces the pending registration (the newest link is the live one), so
 * someone who registered an address they do not own cannot keep it.
 */
export async function registerUser(ctx: RequestContext, input: RegisterInput): Promise<{ message: string }> {
  await enforceRateLimit("emailsToAddress", input.email);
  const existing = await unsafeDb.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true, subAccountId: true, isActive: true, emailVerifiedAt: true },
  });

  if (existing?.emailVerifiedAt) {
    await burnPasswordCheck(input.password);
    if (existing.isActive) await sendSignUpAttemptEmail(ctx, existing);
    await recordAudit(ctx, { action: "auth.register_existing_email", subAccountId: existing.subAccountId, actor: null, targetType: "user", targetId: existing.id });
    return { message: REGISTER_ANSWER };
  }

  const passwordHash = await hashPassword(input.password);
  const details = { name: input.name, company: input.company || null, passwordHash };
  let user: { id: number; email: string; name: string; subAccountId: number };
  if (existing) {
    try {
      user = await unsafeDb.user.update({ where: { id: existing.id, emailVerifiedAt: null }, data: details, select: { id: true, email: true, name: true, subAccountId: true } });
    } catch (e) {
      // Verified meanwhile: the account is its owner's now, and stays as it is.
      if (isRecordNotFound(e)) return { message: REGISTER_ANSWER };
      throw e;
    }
  } else {
    try {
      user = await unsafeDb.user.create({
        data: { subAccountId: ONBOARDING_WORKSPACE_ID, email: input.email, role: "user", emailVerifiedAt: null, ...details },
        select: { id: true, email: true, name: true, subAccountId: true },
      });
    } catch (e) {
      // The same email signing up twice at once: the other request created it and sends its link.
      if (isUniqueViolation(e)) return { message: REGISTER_ANSWER };
      throw e;
    }
  }
  await rememberPassword({ kind: "user", id: user.id }, passwordHash);
  await sendVerificationEmail(ctx, user);
  await recordAudit(ctx, { action: "auth.register", subAccountId: user.subAccountId, actor: { kind: "user", id: user.id } });
  return { message: REGISTER_ANSWER };
}
