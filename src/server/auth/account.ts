import type { AdminRole, UserRole } from "@/generated/prisma/client";

/** Users who registered but have not created or joined a workspace yet live here (the spec's workspace 1). */
export const ONBOARDING_WORKSPACE_ID = 1;

/** Who is signed in, as every layer above the database sees it. */
export type Account =
  | {
      kind: "user";
      id: number;
      email: string;
      name: string;
      role: UserRole;
      company: string | null;
      timezone: string;
      subAccountId: number;
      workspaceName: string | null;
      /** False when a platform admin has deactivated the workspace: its members are then refused. */
      workspaceActive: boolean;
      onboarding: boolean;
      mustChangePassword: boolean;
    }
  | {
      kind: "admin";
      id: number;
      email: string;
      name: string;
      role: AdminRole;
      company: null;
      timezone: string;
      /** The workspace this admin currently acts in (an audited, server-side selection), or null. */
      subAccountId: number | null;
      workspaceName: string | null;
      workspaceActive: boolean;
      onboarding: false;
      mustChangePassword: boolean;
    };

export type AccountRef = { kind: "user" | "admin"; id: number };
