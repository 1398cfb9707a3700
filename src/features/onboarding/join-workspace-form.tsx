"use client";

import { useRouter } from "next/navigation";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { z } from "zod";

import { INVITATION_CODE_LENGTH, invitationCodeSchema, joinWorkspaceSchema } from "@/schemas/invitations";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { PasswordInput } from "@/components/forms/password-input";
import { SubmitButton } from "@/components/forms/submit-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/server-errors";
import { InvitationPreview } from "./invitation-preview";

type JoinValues = z.input<typeof joinWorkspaceSchema>;
const JOIN_FIELDS = ["code", "password"] as const;

/** The code once it is a complete, well-formed invitation code (spaces and dashes ignored), else null. */
function completeCode(raw: string | undefined): string | null {
  const parsed = invitationCodeSchema.safeParse(raw ?? "");
  return parsed.success ? parsed.data : null;
}

/**
 * Joins a workspace with an invitation code. Once the code is complete it is checked, so the person sees which
 * workspace they are joining, and the invitation's password is asked for only when it has one.
 */
export function JoinWorkspaceForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const joinWorkspace = useMutation(trpc.onboarding.joinWorkspace.mutationOptions());
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<JoinValues, unknown, z.output<typeof joinWorkspaceSchema>>({
    resolver: zodResolver(joinWorkspaceSchema),
    defaultValues: { code: "", password: "" },
  });

  const code = completeCode(useWatch({ control, name: "code" }));
  const invitation = useQuery({
    ...trpc.onboarding.validateInvitation.queryOptions({ code: code ?? "" }),
    enabled: code !== null,
    retry: false,
  });
  const requiresPassword = invitation.data?.requiresPassword === true;

  async function onSubmit(values: z.output<typeof joinWorkspaceSchema>) {
    if (requiresPassword && !values.password) {
      setError("password", { type: "required", message: "Enter the invitation's password" }, { shouldFocus: true });
      throw new Error("password required");
    }
    try {
      await joinWorkspace.mutateAsync({
        code: values.code,
        password: requiresPassword ? values.password : undefined,
      });
    } catch (error) {
      applyServerErrors(error, setError, JOIN_FIELDS);
      throw error;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  const pending = isSubmitting || isSubmitSuccessful;
  const codeError = errors.code?.message ?? (invitation.isError ? invitation.error.message : undefined);

  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(onSubmit)(event).catch(() => undefined)}
      className="grid flex-1 content-start gap-4"
    >
      <FormField
        id="invitation-code"
        label="Invitation code"
        hint={`${INVITATION_CODE_LENGTH} letters and digits.`}
        error={codeError}
      >
        <Input
          placeholder="e.g. 7KQ4M2XD"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className="font-mono tracking-wider uppercase"
          {...register("code")}
        />
      </FormField>

      {code !== null && invitation.isFetching && !invitation.data ? (
        <p role="status" className="text-sm text-muted-foreground">
          Checking the code…
        </p>
      ) : null}
      {invitation.data ? <InvitationPreview invitation={invitation.data} /> : null}

      {requiresPassword ? (
        <FormField
          id="invitation-password"
          label="Invitation password"
          hint="The person who invited you will have shared it."
          error={errors.password?.message}
        >
          <PasswordInput autoComplete="off" {...register("password")} />
        </FormField>
      ) : null}

      <FormError message={errors.root?.server?.message} />

      <SubmitButton pending={pending} disabled={pending || !invitation.data} className="mt-2 w-full">
        Join workspace
      </SubmitButton>
    </form>
  );
}
