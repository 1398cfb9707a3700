import type { Metadata } from "next";

import { AuthCard } from "@/features/auth/auth-card";
import { RegisterForm } from "@/features/auth/register-form";

export const metadata: Metadata = { title: "Create your account" };

export default function RegisterPage() {
  return (
    <AuthCard title="Create your account" description="Start managing leads with your AI receptionist.">
      <RegisterForm />
    </AuthCard>
  );
}
