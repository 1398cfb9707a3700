"use client";

import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { MailCheckIcon } from "lucide-react";
import type { z } from "zod";

import { emailOnlySchema } from "@/schemas/auth";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/server-errors";

type Values = z.input<typeof emailOnlySchema>;

/** Asks for a password reset link; the answer is the same whether the email has an account or not. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof emailOnlySchema>>({ resolver: zodResolver(emailOnlySchema), defaultValues: { email: "" } });

  async function onSubmit(values: z.output<typeof emailOnlySchema>) {
    try {
      await request.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, setError, ["email"] as const);
    }
  }

  if (request.data) {
    return (
      <div className="grid gap-4">
        <Alert variant="info">
          <MailCheckIcon aria-hidden="true" />
          <AlertDescription>{request.data.message} The link works once, for 30 minutes.</AlertDescription>
        </Alert>
        <p className="text-center text-sm">
          <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
            Back to sign-in
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-5">
      <FormField id="forgot-email" label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" inputMode="email" autoFocus {...register("email")} />
      </FormField>
      <FormError message={errors.root?.server?.message} />
      <SubmitButton pending={isSubmitting} className="w-full">
        Email me a reset link
      </SubmitButton>
      <p className="text-center text-sm text-muted-foreground">
        Remembered it?{" "}
        <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
