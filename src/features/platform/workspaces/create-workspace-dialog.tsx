"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import type { z } from "zod";

import { createWorkspaceSchema } from "@/schemas/workspaces";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { applyServerErrors } from "@/lib/server-errors";
import { WorkspaceFormFields } from "./workspace-form-fields";

type CreateValues = z.input<typeof createWorkspaceSchema>;
const CREATE_FIELDS = ["name", "description"] as const;

/** A platform admin creates an empty workspace (its people join by invitation or are added later). */
export function CreateWorkspaceDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.platform.workspaces.create.mutationOptions());
  const [open, setOpen] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<CreateValues, unknown, z.output<typeof createWorkspaceSchema>>({
    resolver: zodResolver(createWorkspaceSchema),
    defaultValues: { name: "", description: "" },
  });

  async function onSubmit(values: z.output<typeof createWorkspaceSchema>) {
    try {
      await create.mutateAsync({ ...values, description: values.description || undefined });
    } catch (error) {
      applyServerErrors(error, setError, CREATE_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.workspaces.list.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.platform.overview.queryKey() });
    reset();
    setOpen(false);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <PlusIcon aria-hidden="true" />
          Create workspace
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Create a workspace</DialogTitle>
            <DialogDescription>It starts empty; act in it to invite its team.</DialogDescription>
          </DialogHeader>
          <WorkspaceFormFields idPrefix="create-workspace" register={register} errors={errors} />
          <FormError message={errors.root?.server?.message} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <SubmitButton pending={isSubmitting}>Create workspace</SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
