import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TriangleAlertIcon } from "lucide-react";

import { getCurrentAccount } from "@/server/auth/current";
import { ADMIN_PASSWORD_MIN, USER_PASSWORD_MIN } from "@/schemas/auth";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangePasswordForm } from "@/features/settings/change-password-form";
import { SettingsHeader } from "@/features/settings/settings-header";
import { isWorkspaceAdmin } from "@/lib/roles";

export const metadata: Metadata = { title: "Change password" };

/** Outside the (password-guard) group: this is where an account that must change its password is sent. */
export default async function ChangePasswordPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/sign-in");

  return (
    <>
      <SettingsHeader workspaceAdmin={isWorkspaceAdmin(account)} />
      {account.mustChangePassword ? (
        <Alert variant="info" className="mb-6">
          <TriangleAlertIcon aria-hidden="true" />
          <AlertTitle>Choose a new password to continue</AlertTitle>
          <AlertDescription>Your password has to be changed before you can use the rest of Loctelli.</AlertDescription>
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>Use a password you do not use anywhere else.</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm minLength={account.kind === "admin" ? ADMIN_PASSWORD_MIN : USER_PASSWORD_MIN} />
        </CardContent>
      </Card>
    </>
  );
}
