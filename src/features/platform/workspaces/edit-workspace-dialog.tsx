"use client";

import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";

import { adminUpdateWorkspaceSchema } from "@/schemas/workspaces";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { applyServerErrors } from "@/lib/server-errors";
import type { AdminWorkspace } from "./workspaces-table";
import { WorkspaceFormFields } from "./workspace-form-fields";

type EditValues = z.input<typeof adminUpdateWorkspaceSchema>;
const EDIT_FIELDS = ["name", "description", "isActive"] as const;

/** Renames a workspace, edits its description, or (de)activates it: a deactivated workspace refuses its members. */
export function EditWorkspaceDialog({
  workspace,
  open,
  onOpenChange,
}: {
  workspace: AdminWorkspace;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        {open ? <EditWorkspaceForm workspace={workspace} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function EditWorkspaceForm({ workspace, onDone }: { workspace: AdminWorkspace; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.platform.workspaces.update.mutationOptions());
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<EditValues, unknown, z.output<typeof adminUpdateWorkspaceSchema>>({
    resolver: zodResolver(adminUpdateWorkspaceSchema),
    defaultValues: {
      id: workspace.id,
      name: workspace.name,
      description: workspace.description ?? "",
      isActive: workspace.isActive,
    },
  });

  async function onSubmit(values: z.output<typeof adminUpdateWorkspaceSchema>) {
    try {
      await update.mutateAsync({ ...values, description: values.description || null });
    } catch (error) {
      applyServerErrors(error, setError, EDIT_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.workspaces.list.pathKey() });
    onDone();
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Edit {workspace.name}</DialogTitle>
        <DialogDescription>Changes are recorded in the platform audit log.</DialogDescription>
      </DialogHeader>
      <WorkspaceFormFields idPrefix="edit-workspace" register={register} errors={errors} />
      <div className="grid gap-1.5">
        <div className="flex items-center gap-2">
          <Controller
            control={control}
            name="isActive"
            render={({ field }) => (
              <Checkbox
                id="edit-workspace-active"
                checked={field.value === true}
                onCheckedChange={(checked) => field.onChange(checked === true)}
                onBlur={field.onBlur}
                ref={field.ref}
                aria-describedby="edit-workspace-active-hint"
              />
            )}
          />
          <Label htmlFor="edit-workspace-active">Active</Label>
        </div>
        <p id="edit-workspace-active-hint" className="text-xs text-muted-foreground">
          Members of an inactive workspace cannot use it until it is reactivated.
        </p>
      </div>
      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>Save changes</SubmitButton>
      </DialogFooter>
    </form>
  );
}
