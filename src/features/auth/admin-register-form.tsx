"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import type { z } from "zod";

import { ADMIN_PASSWORD_MIN, adminRegisterSchema } from "@/schemas/auth";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { PasswordInput } from "@/components/forms/password-input";
import { SubmitButton } from "@/components/forms/submit-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/server-errors";
import { signInAfterRegister } from "./sign-in-after-register";

type AdminRegisterValues = z.input<typeof adminRegisterSchema>;
const ADMIN_REGISTER_FIELDS = ["name", "email", "password", "authCode"] as const;

export function AdminRegisterForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const registerAdmin = useMutation(trpc.auth.registerAdmin.mutationOptions());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<AdminRegisterValues, unknown, z.output<typeof adminRegisterSchema>>({
    resolver: zodResolver(adminRegisterSchema),
    defaultValues: { name: "", email: "", password: "", authCode: "" },
  });

  async function onSubmit(values: z.output<typeof adminRegisterSchema>) {
    try {
      await registerAdmin.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, setError, ADMIN_REGISTER_FIELDS);
      throw error;
    }
    const signInProblem = await signInAfterRegister("admin", values);
    if (signInProblem) {
      setError("root.server", { type: "server", message: signInProblem });
      throw new Error("sign-in after registration failed");
    }
    router.replace("/admin");
    router.refresh();
  }

  const pending = isSubmitting || isSubmitSuccessful;

  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(onSubmit)(event).catch(() => undefined)}
      className="grid gap-5"
    >
      <FormField id="admin-register-name" label="Full name" error={errors.name?.message}>
        <Input autoComplete="name" autoFocus {...register("name")} />
      </FormField>

      <FormField id="admin-register-email" label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" inputMode="email" {...register("email")} />
      </FormField>

      <FormField
        id="admin-register-password"
        label="Password"
        hint={`At least ${ADMIN_PASSWORD_MIN} characters.`}
        error={errors.password?.message}
      >
        <PasswordInput autoComplete="new-password" {...register("password")} />
      </FormField>

      <FormField
        id="admin-register-auth-code"
        label="Authorization code"
        hint="Issued by an existing platform administrator."
        error={errors.authCode?.message}
      >
        <Input autoComplete="off" spellCheck={false} {...register("authCode")} />
      </FormField>

      <FormError message={errors.root?.server?.message} />

      <SubmitButton pending={pending} className="w-full">
        Create admin account
      </SubmitButton>

      <p className="text-center text-sm text-muted-foreground">
        Already an admin?{" "}
        <Link href="/sign-in/admin" className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
