"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";

import { EMAIL_NOT_VERIFIED, signInSchema } from "@/schemas/auth";
import { useTRPC } from "@/trpc/react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/forms/form-error";
import { PasswordInput } from "@/components/forms/password-input";
import { SubmitButton } from "@/components/forms/submit-button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { safeCallbackPath } from "@/lib/home-path";

type SignInValues = z.input<typeof signInSchema>;

/** next-auth's generic code for a refused credentials sign-in, should the server ever send it instead of a message. */
function humanSignInError(error: string | null | undefined): string {
  if (!error || error === "CredentialsSignin") return "Invalid email or password.";
  return error;
}

export function SignInForm({ accountKind }: { accountKind: "user" | "admin" }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());
  // Set when the right password met an unverified address: the form offers to send the link again.
  const [unverifiedEmail, setUnverifiedEmail] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<SignInValues, unknown, z.output<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "", rememberMe: false, accountKind },
  });

  async function onSubmit(values: z.output<typeof signInSchema>) {
    const result = await signIn("credentials", {
      redirect: false,
      email: values.email,
      password: values.password,
      accountKind,
      rememberMe: values.rememberMe ? "true" : "false",
    });
    if (!result?.ok || result.error) {
      setUnverifiedEmail(result?.error === EMAIL_NOT_VERIFIED ? values.email : null);
      resend.reset();
      setValue("password", "");
      setFocus("password");
      setError("root.server", { type: "server", message: humanSignInError(result?.error) });
      // Throwing keeps isSubmitSuccessful false, so the button comes back.
      throw new Error("sign-in refused");
    }
    // "/" sends the account to its own home (dashboard, onboarding or admin console).
    router.replace(safeCallbackPath(searchParams.get("callbackUrl")) ?? "/");
    router.refresh();
  }

  const pending = isSubmitting || isSubmitSuccessful;
  const idPrefix = accountKind === "admin" ? "admin-sign-in" : "sign-in";

  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(onSubmit)(event).catch(() => undefined)}
      className="grid gap-5"
    >
      <FormField id={`${idPrefix}-email`} label="Email" error={errors.email?.message}>
        <Input type="email" autoComplete="email" inputMode="email" autoFocus {...register("email")} />
      </FormField>

      <FormField id={`${idPrefix}-password`} label="Password" error={errors.password?.message}>
        <PasswordInput autoComplete="current-password" {...register("password")} />
      </FormField>

      <div className="flex items-center gap-2">
        <Controller
          control={control}
          name="rememberMe"
          render={({ field }) => (
            <Checkbox
              id={`${idPrefix}-remember-me`}
              checked={field.value === true}
              onCheckedChange={(checked) => field.onChange(checked === true)}
              onBlur={field.onBlur}
              ref={field.ref}
            />
          )}
        />
        <Label htmlFor={`${idPrefix}-remember-me`} className="font-normal">
          Remember me for 30 days
        </Label>
      </div>

      <FormError message={errors.root?.server?.message} />

      {unverifiedEmail ? (
        resend.data ? (
          <Alert variant="info">
            <AlertDescription>{resend.data.message}</AlertDescription>
          </Alert>
        ) : (
          <Button type="button" variant="outline" disabled={resend.isPending} onClick={() => resend.mutate({ email: unverifiedEmail })}>
            Send a new verification link
          </Button>
        )
      ) : null}
      {resend.error ? <FormError message={resend.error.message} /> : null}

      <SubmitButton pending={pending} className="w-full">
        Sign in
      </SubmitButton>

      {accountKind === "user" ? (
        <p className="text-center text-sm">
          <Link href="/forgot-password" className="font-medium text-primary underline-offset-4 hover:underline">
            Forgot your password?
          </Link>
        </p>
      ) : null}

      {accountKind === "user" ? (
        <p className="text-center text-sm text-muted-foreground">
          New to Loctelli?{" "}
          <Link href="/register" className="font-medium text-primary underline-offset-4 hover:underline">
            Create an account
          </Link>
        </p>
      ) : null}
    </form>
  );
}
