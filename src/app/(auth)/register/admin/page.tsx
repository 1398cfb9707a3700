import type { Metadata } from "next";

import { AuthCard } from "@/features/auth/auth-card";
import { AdminRegisterForm } from "@/features/auth/admin-register-form";

export const metadata: Metadata = { title: "Register a platform admin" };

export default function AdminRegisterPage() {
  return (
    <AuthCard
      title="Register a platform admin"
      description="Platform admins run workspaces for the businesses they serve."
    >
      <AdminRegisterForm />
    </AuthCard>
  );
}
