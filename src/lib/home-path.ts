/** The parts of the signed-in account that decide where its home is. */
export interface HomeDecidingAccount {
  kind: "user" | "admin";
  onboarding: boolean;
  mustChangePassword: boolean;
}

/**
 * Where a signed-in account lands: platform admins in the admin console, users still in the onboarding workspace on
 * /onboarding, users who must change their password on the password page, everyone else on the dashboard.
 */
export function homePathFor(account: HomeDecidingAccount): string {
  if (account.kind === "admin") return "/admin";
  if (account.onboarding) return "/onboarding";
  if (account.mustChangePassword) return "/settings/password";
  return "/dashboard";
}

/** A callbackUrl from the query string, kept only if it is a path on this site (no open redirects). */
export function safeCallbackPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  return value;
}
