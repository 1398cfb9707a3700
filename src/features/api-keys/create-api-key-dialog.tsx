"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { z } from "zod";

import { createApiKeySchema } from "@/schemas/api-keys";
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
import { ScopePicker } from "./scope-picker";
import { noScopes, scopesFromLevels, type ScopeLevels } from "./scopes";
import { useViewerZone } from "@/features/crm/viewer-zone";
import { zonedFormValue, zoneDisplayName } from "@/lib/time";

/** The shared name and expiry rules, with the scopes picked per domain and checked as the server checks them. */
const apiKeyFormSchema = z
  .object({
    name: createApiKeySchema.shape.name,
    expiresAt: createApiKeySchema.shape.expiresAt,
    levels: z.custom<ScopeLevels>(),
  })
  .refine((values) => scopesFromLevels(values.levels).length > 0, {
    path: ["levels"],
    message: "Choose at least one scope",
  });

type ApiKeyFormValues = z.input<typeof apiKeyFormSchema>;
const API_KEY_FIELDS = ["name", "expiresAt"] as const;


/** Creates an API key; the key itself is shown once, with a copy button and a warning. */
export function CreateApiKeyDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  function changeOpen(next: boolean) {
    setOpen(next);
    if (!next) setCreated(null);
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon aria-hidden="true" />
          Create API key
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        {created ? (
          <SecretRevealStep
            title={`${created.name} is ready`}
            description="Send it in the X-API-Key header of each request."
            doneLabel="I have stored the key"
            label="API key"
            value={created.key}
            warning="This key is shown only once and cannot be recovered. Store it somewhere safe now; if it is lost, revoke it and create another."
          />
        ) : (
          <CreateApiKeyForm onCreated={setCreated} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function CreateApiKeyForm({ onCreated }: { onCreated: (created: { name: string; key: string }) => void }) {
  const zone = useViewerZone();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ApiKeyFormValues, unknown, z.output<typeof apiKeyFormSchema>>({
    resolver: zodResolver(apiKeyFormSchema),
    defaultValues: { name: "", expiresAt: undefined, levels: noScopes() },
  });

  async function onSubmit(values: z.output<typeof apiKeyFormSchema>) {
    let result;
    try {
      result = await create.mutateAsync({
        name: values.name,
        expiresAt: values.expiresAt,
        scopes: scopesFromLevels(values.levels),
      });
    } catch (error) {
      applyServerErrors(error, setError, API_KEY_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
    onCreated({ name: result.apiKey.name, key: result.key });
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Create an API key</DialogTitle>
        <DialogDescription>Give it only the access the integration needs.</DialogDescription>
      </DialogHeader>

      <FormField id="api-key-name" label="Name" hint="What uses this key, e.g. “Website form”." error={errors.name?.message}>
        <Input autoComplete="off" {...register("name")} />
      </FormField>

      <Controller
        control={control}
        name="levels"
        render={({ field }) => (
          <ScopePicker value={field.value as ScopeLevels} onChange={field.onChange} error={errors.levels?.message} />
        )}
      />

      <FormField
        id="api-key-expires-at"
        label={
          <>
            Expires <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint={`In your time zone (${zoneDisplayName(zone)}). Empty means the key works until revoked.`}
        error={errors.expiresAt?.message}
      >
        <Input type="datetime-local" {...register("expiresAt", { setValueAs: (value: unknown) => zonedFormValue(value, zone) })} />
      </FormField>

      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>Create key</SubmitButton>
      </DialogFooter>
    </form>
  );
}
