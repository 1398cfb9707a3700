"use client";

import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";

import { deleteWorkspaceSchema } from "@/schemas/workspaces";
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
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/server-errors";
import type { AdminWorkspace } from "./workspaces-table";

type DeleteValues = z.input<typeof deleteWorkspaceSchema>;
const DELETE_FIELDS = ["confirmName"] as const;

/** Deleting a workspace deletes all of its data: the admin types its exact name to confirm. */
export function DeleteWorkspaceDialog({
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
        {open ? <DeleteWorkspaceForm workspace={workspace} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function DeleteWorkspaceForm({ workspace, onDone }: { workspace: AdminWorkspace; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.platform.workspaces.delete.mutationOptions());
  const schema = deleteWorkspaceSchema.refine((values) => values.confirmName === workspace.name, {
    path: ["confirmName"],
    message: "Type the workspace's name exactly as shown",
  });
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<DeleteValues, unknown, z.output<typeof deleteWorkspaceSchema>>({
    resolver: zodResolver(schema),
    defaultValues: { id: workspace.id, confirmName: "" },
  });
  const matches = useWatch({ control, name: "confirmName" }) === workspace.name;

  async function onSubmit(values: z.output<typeof deleteWorkspaceSchema>) {
    try {
      await remove.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, setError, DELETE_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.workspaces.list.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.platform.overview.queryKey() });
    onDone();
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Delete {workspace.name}?</DialogTitle>
        <DialogDescription>
          Its {workspace.counts.users} users, {workspace.counts.leads} leads, {workspace.counts.bookings} bookings and
          everything else in it are deleted for good. This cannot be undone.
        </DialogDescription>
      </DialogHeader>
      <FormField
        id="delete-workspace-confirm"
        label={
          <>
            Type <strong className="font-semibold">{workspace.name}</strong> to confirm
          </>
        }
        error={errors.confirmName?.message}
      >
        <Input autoComplete="off" spellCheck={false} {...register("confirmName")} />
      </FormField>
      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting} disabled={isSubmitting || !matches} variant="destructive">
          Delete workspace
        </SubmitButton>
      </DialogFooter>
    </form>
  );
}
