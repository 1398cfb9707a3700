import { unsafeDb } from "@/server/db/client";
import type { AuthedContext } from "@/server/context";
import type { ProfileInput } from "@/schemas/auth";

/**
 * The signed-in person's own profile. The input schema has no role, workspace, active flag or password:
 * none of those can be changed here, whatever the request carries.
 */
export async function updateProfile(ctx: AuthedContext, input: ProfileInput) {
  const { account } = ctx;
  if (account.kind === "user") {
    return unsafeDb.user.update({
      where: { id: account.id },
      data: { name: input.name, company: input.company || null, timezone: input.timezone },
      select: { id: true, name: true, email: true, company: true, timezone: true },
    });
  }
  const admin = await unsafeDb.platformAdmin.update({
    where: { id: account.id },
    data: { name: input.name, timezone: input.timezone },
    select: { id: true, name: true, email: true, timezone: true },
  });
  return { ...admin, company: null };
}
