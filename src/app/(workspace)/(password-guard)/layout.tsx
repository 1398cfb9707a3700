import type { ReactNode } from "react";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";

/** Every workspace page but /settings/password: an account that must change its password goes there first. */
export default async function PasswordGuardLayout({ children }: { children: ReactNode }) {
  const account = await getCurrentAccount();
  if (account?.mustChangePassword) redirect("/settings/password");
  return children;
}
