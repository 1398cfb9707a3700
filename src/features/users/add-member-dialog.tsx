"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlusIcon } from "lucide-react";
import type { z } from "zod";

import { createUserSchema } from "@/schemas/users";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { SecretRevealStep } from "@/components/secret-reveal";
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
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/server-errors";
import { RoleSelect } from "./role-select";

type AddMemberValues = z.input<typeof createUserSchema>;
const ADD_MEMBER_FIELDS = ["name", "email", "role"] as const;

/** Adds a person to the workspace; their temporary password is shown once, in the same dialog. */
export function AddMemberDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ name: string; email: string; temporaryPassword: string } | null>(null);

  function changeOpen(next: boolean) {
    setOpen(next);
    if (!next) setCreated(null);
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <UserPlusIcon aria-hidden="true" />
          Add member
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <SecretRevealStep
            title={`${created.name} was added`}
            description={`Share this temporary password with them. They sign in with ${created.email} and choose their own password straight away.`}
            label="Temporary password"
            value={created.temporaryPassword}
            warning="This password is shown only once. Copy it now; if it is lost, remove the member and add them again."
          />
        ) : (
          <AddMemberForm onCreated={setCreated} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function AddMemberForm({
  onCreated,
}: {
  onCreated: (created: { name: string; email: string; temporaryPassword: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const createUser = useMutation(trpc.users.create.mutationOptions());
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AddMemberValues, unknown, z.output<typeof createUserSchema>>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { name: "", email: "", role: "user" },
  });

  async function onSubmit(values: z.output<typeof createUserSchema>) {
    let result;
    try {
      result = await createUser.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, setError, ADD_MEMBER_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
    onCreated({ name: result.user.name, email: result.user.email, temporaryPassword: result.temporaryPassword });
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Add a member</DialogTitle>
        <DialogDescription>They get a temporary password, which you share with them.</DialogDescription>
      </DialogHeader>

      <FormField id="add-member-name" label="Full name" error={errors.name?.message}>
        <Input autoComplete="off" {...register("name")} />
      </FormField>
      <FormField id="add-member-email" label="Email" error={errors.email?.message}>
        <Input type="email" inputMode="email" autoComplete="off" {...register("email")} />
      </FormField>
      <Controller
        control={control}
        name="role"
        render={({ field }) => (
          <FormField id="add-member-role" label="Role" error={errors.role?.message}>
            <RoleSelect value={field.value ?? "user"} onValueChange={field.onChange} onBlur={field.onBlur} ref={field.ref} />
          </FormField>
        )}
      />

      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>Add member</SubmitButton>
      </DialogFooter>
    </form>
  );
}
