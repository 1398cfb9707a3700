"use client";

import Link from "next/link";
import { MailCheckIcon } from "lucide-react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import type { z } from "zod";

import { registerSchema, USER_PASSWORD_MIN } from "@/schemas/auth";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { PasswordInput } from "@/components/forms/password-input";
import { SubmitButton } from "@/components/forms/submit-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/server-errors";
import { Alert, AlertDescription } from "@/components/ui/alert";

type RegisterValues = z.input<typeof registerSchema>;
const REGISTER_FIELDS = ["name", "email", "company", "password"] as const;

export function RegisterForm() {
  const trpc = useTRPC();
  const registerAccount = useMutation(trpc.auth.register.mutationOptions());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<RegisterValues, unknown, z.output<typeof registerSchema>>({
    resolver: zodResolver(registerSchema),
    defaultValues: { name: "", email: "", company: "", password: "" },
  });

  async function onSubmit(values: z.output<typeof registerSchema>) {
    try {
      await registerAccount.mutateAsync({ ...values, company: values.company || undefined });
    } catch (error) {
      applyServerErrors(error, setError, REGISTER_FIELDS);
      throw error;
    }
  }

  // The same answer whether the email already had an account: the email itself tells its owner what to do next.
  if (registerAccount.data) {
    return (
      <Alert variant="info">
        <MailCheckIcon aria-hidden="true" />
        <AlertDescription>{registerAccount.data.message}</AlertDescription>
      </Alert>
    );
  }

  const pending = isSubmitting || (isSubmitSuccessful && !registerAccount.isError);

  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(onSubmit)(event).catch(() => undefined)}
      className="grid gap-5"
    >
      <FormField id="register-name" label="Full name" error={errors.name?.message}>
        <Input autoComplete="name" autoFocus {...register("name")} />
      </FormField>

      <FormField id="register-email" label="Work email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" inputMode="email" {...register("email")} />
      </FormField>

      <FormField
        id="register-company"
        label={
          <>
            Company <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        error={errors.company?.message}
      >
        <Input autoComplete="organization" {...register("company")} />
      </FormField>

      <FormField
        id="register-password"
        label="Password"
        hint={`At least ${USER_PASSWORD_MIN} characters.`}
        error={errors.password?.message}
      >
        <PasswordInput autoComplete="new-password" {...register("password")} />
      </FormField>

      <FormError message={errors.root?.server?.message} />

      <SubmitButton pending={pending} className="w-full">
        Create account
      </SubmitButton>

      <p className="text-center text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
