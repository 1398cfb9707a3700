"use client";

import { signOut } from "next-auth/react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";

import { changePasswordSchema, PASSWORD_MAX } from "@/schemas/auth";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { PasswordInput } from "@/components/forms/password-input";
import { SubmitButton } from "@/components/forms/submit-button";
import { FormField } from "@/components/ui/form-field";
import { applyServerErrors } from "@/lib/server-errors";

/** The shared schema plus a confirmation that only the form needs; the minimum follows the account kind. */
function changePasswordFormSchema(minLength: number) {
  return changePasswordSchema
    .extend({
      newPassword: z
        .string()
        .min(minLength, `Password must be at least ${minLength} characters`)
        .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`),
      confirmPassword: z.string().min(1, "Repeat the new password"),
    })
    .refine((values) => values.newPassword === values.confirmPassword, {
      path: ["confirmPassword"],
      message: "The passwords do not match",
    })
    .refine((values) => values.newPassword !== values.currentPassword, {
      path: ["newPassword"],
      message: "Choose a password different from the current one",
    });
}

type ChangePasswordValues = z.input<ReturnType<typeof changePasswordFormSchema>>;
const CHANGE_PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;

export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const trpc = useTRPC();
  const changePassword = useMutation(trpc.auth.changePassword.mutationOptions());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<ChangePasswordValues>({
    resolver: zodResolver(changePasswordFormSchema(minLength)),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });

  async function onSubmit(values: ChangePasswordValues) {
    try {
      await changePassword.mutateAsync({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
    } catch (error) {
      applyServerErrors(error, setError, CHANGE_PASSWORD_FIELDS);
      throw error;
    }
    // The server ended every session, this one included: clear the cookie and explain on the sign-in page.
    await signOut({ callbackUrl: "/sign-in?reason=password-changed" });
  }

  const pending = isSubmitting || isSubmitSuccessful;

  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(onSubmit)(event).catch(() => undefined)}
      className="grid max-w-xl gap-5"
    >
      <FormField id="current-password" label="Current password" error={errors.currentPassword?.message}>
        <PasswordInput autoComplete="current-password" {...register("currentPassword")} />
      </FormField>

      <FormField
        id="new-password"
        label="New password"
        hint={`At least ${minLength} characters.`}
        error={errors.newPassword?.message}
      >
        <PasswordInput autoComplete="new-password" {...register("newPassword")} />
      </FormField>

      <FormField id="confirm-password" label="Confirm new password" error={errors.confirmPassword?.message}>
        <PasswordInput autoComplete="new-password" {...register("confirmPassword")} />
      </FormField>

      <FormError message={errors.root?.server?.message} />

      <div className="grid gap-2">
        <p className="text-xs text-muted-foreground">
          Changing your password signs you out everywhere, this browser included.
        </p>
        <div>
          <SubmitButton pending={pending}>Change password</SubmitButton>
        </div>
      </div>
    </form>
  );
}
