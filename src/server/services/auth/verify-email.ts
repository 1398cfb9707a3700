import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/context";
import { consumeAccountToken, findLiveAccountToken } from "@/server/auth/account-tokens";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { VerifyEmailInput } from "@/schemas/auth";

const LINK_NOT_VALID = "This link is not valid any more (it was used, replaced by a newer one, or expired). Sign in to get a new one.";

/** Follows a verification link: the account becomes usable. Each link works once. */
export async function verifyEmail(ctx: RequestContext, input: VerifyEmailInput): Promise<{ email: string }> {
  const now = new Date();
  const token = await findLiveAccountToken(input.token, "verify_email", now);
  if (!token) throw AppError.field("token", LINK_NOT_VALID);
  const user = await unsafeDb.$transaction(async (tx) => {
    if (!(await consumeAccountToken(tx, token.id, now))) return null;
    return tx.user.update({
      where: { id: token.userId },
      data: { emailVerifiedAt: now },
      select: { id: true, email: true, subAccountId: true },
    });
  });
  if (!user) throw AppError.field("token", LINK_NOT_VALID);
  await recordAudit(ctx, { action: "auth.email_verified", subAccountId: user.subAccountId, actor: { kind: "user", id: user.id } });
  return { email: user.email };
}
