/** The parts of an account that decide what it may manage in a workspace. */
interface RoleDecidingAccount {
  kind: "user" | "admin";
  role: string;
}

/** Workspace admins, and platform admins acting in the workspace (who have its admins' powers). */
export function isWorkspaceAdmin(account: RoleDecidingAccount): boolean {
  return account.kind === "admin" || account.role === "admin";
}

export function isSuperAdmin(account: RoleDecidingAccount): boolean {
  return account.kind === "admin" && account.role === "super_admin";
}

export const WORKSPACE_ROLE_LABELS = { user: "User", manager: "Manager", admin: "Admin" } as const;
export const PLATFORM_ROLE_LABELS = { admin: "Admin", super_admin: "Super admin" } as const;
