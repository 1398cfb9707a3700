import { unsafeDb } from "@/server/db/client";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";

/** Headline numbers for the admin console (platform-wide by nature, hence the base client). */
export async function getPlatformOverview() {
  const [workspaces, users, onboardingUsers, admins, leads] = await Promise.all([
    unsafeDb.subAccount.count({ where: { id: { not: ONBOARDING_WORKSPACE_ID } } }),
    unsafeDb.user.count(),
    unsafeDb.user.count({ where: { subAccountId: ONBOARDING_WORKSPACE_ID } }),
    unsafeDb.platformAdmin.count({ where: { isActive: true } }),
    unsafeDb.lead.count(),
  ]);
  return { workspaces, users, onboardingUsers, admins, leads };
}
