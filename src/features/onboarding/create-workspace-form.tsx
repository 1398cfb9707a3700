"use client";

import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import type { z } from "zod";

import { createWorkspaceSchema } from "@/schemas/workspaces";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/server-errors";

type CreateWorkspaceValues = z.input<typeof createWorkspaceSchema>;
const CREATE_WORKSPACE_FIELDS = ["name", "description"] as const;

/** Creates a workspace; its creator becomes its admin and lands on its dashboard. */
export function CreateWorkspaceForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const createWorkspace = useMutation(trpc.onboarding.createWorkspace.mutationOptions());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isSubmitSuccessful },
  } = useForm<CreateWorkspaceValues, unknown, z.output<typeof createWorkspaceSchema>>({
    resolver: zodResolver(createWorkspaceSchema),
    defaultValues: { name: "", description: "" },
  });

  async function onSubmit(values: z.output<typeof createWorkspaceSchema>) {
    try {
      await createWorkspace.mutateAsync({ ...values, description: values.description || undefined });
    } catch (error) {
      applyServerErrors(error, setError, CREATE_WORKSPACE_FIELDS);
      throw error;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  const pending = isSubmitting || isSubmitSuccessful;

  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(onSubmit)(event).catch(() => undefined)}
      className="grid flex-1 content-start gap-4"
    >
      <FormField id="workspace-name" label="Workspace name" error={errors.name?.message}>
        <Input placeholder="Acme Dental" autoComplete="organization" {...register("name")} />
      </FormField>

      <FormField
        id="workspace-description"
        label={
          <>
            Description <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        error={errors.description?.message}
      >
        <Textarea rows={3} placeholder="What the business does, in a sentence." {...register("description")} />
      </FormField>

      <FormError message={errors.root?.server?.message} />

      <SubmitButton pending={pending} className="mt-2 w-full">
        Create workspace
      </SubmitButton>
    </form>
  );
}
