import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/context";
import { hashPassword } from "@/server/auth/password";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { recordAudit } from "@/server/services/audit/record-audit";
import { rememberPassword } from "./password-history";
import type { RegisterInput } from "@/schemas/auth";
import { isUniqueViolation } from "@/server/db/errors";


/** A new workspace user starts in the onboarding workspace until they create or join one. */
export async function registerUser(ctx: RequestContext, input: RegisterInput) {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await unsafeDb.user.create({
      data: {
        subAccountId: ONBOARDING_WORKSPACE_ID,
        email: input.email,
        name: input.name,
        company: input.company || null,
        passwordHash,
        role: "user",
      },
      select: { id: true, email: true, name: true },
    });
    await rememberPassword({ kind: "user", id: user.id }, passwordHash);
    await recordAudit(ctx, { action: "auth.register", subAccountId: ONBOARDING_WORKSPACE_ID, actor: { kind: "user", id: user.id } });
    return user;
  } catch (e) {
    if (isUniqueViolation(e)) throw AppError.field("email", "An account with this email already exists.");
    throw e;
  }
}
