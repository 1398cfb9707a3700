"use client";

import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { CircleCheckIcon } from "lucide-react";
import type { z } from "zod";

import { resetPasswordSchema, USER_PASSWORD_MIN } from "@/schemas/auth";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { PasswordInput } from "@/components/forms/password-input";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { applyServerErrors } from "@/lib/server-errors";

type Values = z.input<typeof resetPasswordSchema>;

/** Chooses a new password with the link's token; every session of the account ends. */
export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof resetPasswordSchema>>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { token, newPassword: "" },
  });

  async function onSubmit(values: z.output<typeof resetPasswordSchema>) {
    try {
      await reset.mutateAsync(values);
    } catch (error) {
      // A bad link is not a field of this form: its message goes above the button, with the way to a new one.
      applyServerErrors(error, setError, ["newPassword"] as const);
    }
  }

  if (reset.data) {
    return (
      <div className="grid gap-4">
        <Alert variant="success">
          <CircleCheckIcon aria-hidden="true" />
          <AlertDescription>Your password was changed and every session was signed out.</AlertDescription>
        </Alert>
        <p className="text-center text-sm">
          <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
            Sign in with your new password
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-5">
      <FormField
        id="reset-new-password"
        label="New password"
        hint={`At least ${USER_PASSWORD_MIN} characters.`}
        error={errors.newPassword?.message ?? errors.token?.message}
      >
        <PasswordInput autoComplete="new-password" autoFocus {...register("newPassword")} />
      </FormField>
      <FormError message={errors.root?.server?.message} />
      <SubmitButton pending={isSubmitting} className="w-full">
        Set new password
      </SubmitButton>
      <p className="text-center text-sm text-muted-foreground">
        Link expired?{" "}
        <Link href="/forgot-password" className="font-medium text-primary underline-offset-4 hover:underline">
          Ask for a new one
        </Link>
      </p>
    </form>
  );
}
