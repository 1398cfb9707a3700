import type { Metadata } from "next";
import Link from "next/link";

import { AuthCard } from "@/features/auth/auth-card";
import { SignInForm } from "@/features/auth/sign-in-form";
import { SignInNotice } from "@/features/auth/sign-in-notice";

export const metadata: Metadata = { title: "Admin sign-in" };

export default async function AdminSignInPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  return (
    <AuthCard
      title="Platform admin"
      description="Sign in to the Loctelli admin console."
      notice={<SignInNotice reason={reason} />}
      footer={
        <div className="grid gap-1">
          <p>
            Not an admin?{" "}
            <Link href="/sign-in" className="font-medium text-foreground underline-offset-4 hover:underline">
              Workspace sign-in
            </Link>
          </p>
          <p>
            Have an authorization code?{" "}
            <Link href="/register/admin" className="font-medium text-foreground underline-offset-4 hover:underline">
              Register an admin account
            </Link>
          </p>
        </div>
      }
    >
      <SignInForm accountKind="admin" />
    </AuthCard>
  );
}
