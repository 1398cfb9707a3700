"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import type { z } from "zod";

import { createInvitationSchema } from "@/schemas/invitations";
import { useTRPC } from "@/trpc/react";
import { CopyButton } from "@/components/copy-button";
import { FormError } from "@/components/forms/form-error";
import { PasswordInput } from "@/components/forms/password-input";
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
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/server-errors";
import { useViewerZone } from "@/features/crm/viewer-zone";
import { zonedFormValue, zoneDisplayName } from "@/lib/time";

type InvitationValues = z.input<typeof createInvitationSchema>;
const INVITATION_FIELDS = ["email", "password", "maxUses", "expiresAt"] as const;

const emptyAsUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const optionalNumber = (value: unknown) => (value === "" || value === null ? undefined : Number(value));

function numberMessage(message: string | undefined) {
  if (!message) return undefined;
  return /expected number/i.test(message) ? "Enter a whole number" : message;
}

/** Creates an invitation code; the new code is then shown large, with a copy button, in the same dialog. */
export function CreateInvitationDialog() {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState<string | null>(null);

  function changeOpen(next: boolean) {
    setOpen(next);
    if (!next) setCode(null);
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon aria-hidden="true" />
          Create invitation
        </Button>
      </DialogTrigger>
      <DialogContent>
        {code ? (
          <>
            <DialogHeader>
              <DialogTitle>Invitation created</DialogTitle>
              <DialogDescription>
                Share this code. Whoever has it can join from the onboarding page after they register.
              </DialogDescription>
            </DialogHeader>
            <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border bg-muted/40 px-4 py-3">
              <code
                data-testid="new-invitation-code"
                aria-label="Invitation code"
                className="font-mono text-2xl font-semibold tracking-[0.2em] select-all"
              >
                {code}
              </code>
              <CopyButton value={code} label="Copy code" />
            </div>
            <DialogFooter>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <CreateInvitationForm onCreated={setCode} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function CreateInvitationForm({ onCreated }: { onCreated: (code: string) => void }) {
  const zone = useViewerZone();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.invitations.create.mutationOptions());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<InvitationValues, unknown, z.output<typeof createInvitationSchema>>({
    resolver: zodResolver(createInvitationSchema),
    defaultValues: { email: undefined, password: undefined, maxUses: undefined, expiresAt: undefined },
  });

  async function onSubmit(values: z.output<typeof createInvitationSchema>) {
    let invitation;
    try {
      invitation = await create.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, setError, INVITATION_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
    onCreated(invitation.code);
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Create an invitation</DialogTitle>
        <DialogDescription>Every setting is optional: without them the code works until you deactivate it.</DialogDescription>
      </DialogHeader>

      <FormField
        id="invitation-email"
        label={
          <>
            Email the code to <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint="We send the code, never the password."
        error={errors.email?.message}
      >
        <Input type="email" autoComplete="off" {...register("email", { setValueAs: emptyAsUndefined })} />
      </FormField>

      <FormField
        id="invitation-max-uses"
        label={
          <>
            Maximum uses <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint="How many people can join with this code. Empty means no limit."
        error={numberMessage(errors.maxUses?.message)}
      >
        <Input type="number" inputMode="numeric" min={1} {...register("maxUses", { setValueAs: optionalNumber })} />
      </FormField>

      <FormField
        id="invitation-expires-at"
        label={
          <>
            Expires <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint={`In your time zone (${zoneDisplayName(zone)}).`}
        error={errors.expiresAt?.message}
      >
        <Input type="datetime-local" {...register("expiresAt", { setValueAs: (value: unknown) => zonedFormValue(value, zone) })} />
      </FormField>

      <FormField
        id="invitation-password"
        label={
          <>
            Password <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint="If set, people also need this password to join. At least 4 characters."
        error={errors.password?.message}
      >
        <PasswordInput autoComplete="new-password" {...register("password", { setValueAs: emptyAsUndefined })} />
      </FormField>

      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>Create invitation</SubmitButton>
      </DialogFooter>
    </form>
  );
}
