import type { Metadata } from "next";

import { AuthCard } from "@/features/auth/auth-card";
import { VerifyEmailPanel } from "@/features/auth/verify-email-panel";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Confirm your email" description="One click and your account is ready.">
      <VerifyEmailPanel token={typeof token === "string" ? token : ""} />
    </AuthCard>
  );
}
