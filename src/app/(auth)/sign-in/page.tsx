import type { Metadata } from "next";
import Link from "next/link";

import { AuthCard } from "@/features/auth/auth-card";
import { SignInForm } from "@/features/auth/sign-in-form";
import { SignInNotice } from "@/features/auth/sign-in-notice";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  return (
    <AuthCard
      title="Welcome back"
      description="Sign in to your workspace."
      notice={<SignInNotice reason={reason} />}
      footer={
        <>
          Platform administrator?{" "}
          <Link href="/sign-in/admin" className="font-medium text-foreground underline-offset-4 hover:underline">
            Admin sign-in
          </Link>
        </>
      }
    >
      <SignInForm accountKind="user" />
    </AuthCard>
  );
}
