"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlusIcon } from "lucide-react";
import type { z } from "zod";

import { createAdminSchema } from "@/schemas/users";
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
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { applyServerErrors } from "@/lib/server-errors";
import { PLATFORM_ROLE_LABELS } from "@/lib/roles";

type CreateAdminValues = z.input<typeof createAdminSchema>;
const CREATE_ADMIN_FIELDS = ["name", "email", "role"] as const;

/** Adds a platform admin; their temporary password is shown once, in the same dialog. */
export function CreateAdminDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ name: string; email: string; temporaryPassword: string } | null>(null);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setCreated(null);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlusIcon aria-hidden="true" />
          Add admin
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <SecretRevealStep
            title={`${created.name} is a platform admin`}
            description={`They sign in at the admin sign-in with ${created.email} and this temporary password, then choose their own.`}
            label="Temporary password"
            value={created.temporaryPassword}
            warning="This password is shown only once. Copy it now and hand it over securely."
          />
        ) : (
          <CreateAdminForm onCreated={setCreated} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function CreateAdminForm({
  onCreated,
}: {
  onCreated: (created: { name: string; email: string; temporaryPassword: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.platform.admins.create.mutationOptions());
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CreateAdminValues, unknown, z.output<typeof createAdminSchema>>({
    resolver: zodResolver(createAdminSchema),
    defaultValues: { name: "", email: "", role: "admin" },
  });

  async function onSubmit(values: z.output<typeof createAdminSchema>) {
    let result;
    try {
      result = await create.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, setError, CREATE_ADMIN_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.admins.list.queryKey() });
    onCreated({ name: result.admin.name, email: result.admin.email, temporaryPassword: result.temporaryPassword });
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Add a platform admin</DialogTitle>
        <DialogDescription>Platform admins can act in every workspace. Add only people who need to.</DialogDescription>
      </DialogHeader>
      <FormField id="create-admin-name" label="Full name" error={errors.name?.message}>
        <Input autoComplete="off" {...register("name")} />
      </FormField>
      <FormField id="create-admin-email" label="Email" error={errors.email?.message}>
        <Input type="email" inputMode="email" autoComplete="off" {...register("email")} />
      </FormField>
      <Controller
        control={control}
        name="role"
        render={({ field }) => (
          <FormField id="create-admin-role" label="Platform role" error={errors.role?.message}>
            <Select value={field.value ?? "admin"} onValueChange={field.onChange}>
              <SelectTrigger onBlur={field.onBlur} ref={field.ref}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {Object.entries(PLATFORM_ROLE_LABELS).map(([role, label]) => (
                  <SelectItem key={role} value={role}>
                    {label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
        )}
      />
      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>Add admin</SubmitButton>
      </DialogFooter>
    </form>
  );
}
