"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRoundIcon } from "lucide-react";
import type { z } from "zod";

import { issueAuthCodeSchema } from "@/schemas/users";
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

type IssueValues = z.input<typeof issueAuthCodeSchema>;
const ISSUE_FIELDS = ["label", "expiresInHours"] as const;

const asNumber = (value: unknown) => (value === "" ? Number.NaN : Number(value));
function numberMessage(message: string | undefined) {
  if (!message) return undefined;
  return /expected number/i.test(message) ? "Enter a whole number of hours" : message;
}

/** Issues a registration code for a new platform admin; the code is shown once. */
export function IssueAuthCodeDialog() {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState<string | null>(null);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setCode(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">
          <KeyRoundIcon aria-hidden="true" />
          Issue registration code
        </Button>
      </DialogTrigger>
      <DialogContent>
        {code ? (
          <SecretRevealStep
            title="Registration code issued"
            description="The new admin enters it at the admin registration page. It works once."
            label="Authorization code"
            value={code}
            warning="This code is shown only once. Copy it now and send it over a private channel."
          />
        ) : (
          <IssueAuthCodeForm onIssued={setCode} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function IssueAuthCodeForm({ onIssued }: { onIssued: (code: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const issue = useMutation(trpc.platform.authCodes.issue.mutationOptions());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<IssueValues, unknown, z.output<typeof issueAuthCodeSchema>>({
    resolver: zodResolver(issueAuthCodeSchema),
    defaultValues: { label: "", expiresInHours: 72 },
  });

  async function onSubmit(values: z.output<typeof issueAuthCodeSchema>) {
    let result;
    try {
      result = await issue.mutateAsync({ ...values, label: values.label || undefined });
    } catch (error) {
      applyServerErrors(error, setError, ISSUE_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.authCodes.list.queryKey() });
    onIssued(result.code);
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Issue a registration code</DialogTitle>
        <DialogDescription>Whoever holds the code can register as a platform admin.</DialogDescription>
      </DialogHeader>
      <FormField
        id="auth-code-label"
        label={
          <>
            Label <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint="Who it is for, so the list makes sense later."
        error={errors.label?.message}
      >
        <Input autoComplete="off" {...register("label")} />
      </FormField>
      <FormField
        id="auth-code-hours"
        label="Valid for (hours)"
        hint="Up to 720 hours (30 days)."
        error={numberMessage(errors.expiresInHours?.message)}
      >
        <Input type="number" inputMode="numeric" min={1} max={720} {...register("expiresInHours", { setValueAs: asNumber })} />
      </FormField>
      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>Issue code</SubmitButton>
      </DialogFooter>
    </form>
  );
}
