"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PencilIcon, PlusIcon } from "lucide-react";
import type { z } from "zod";

import { createWebhookEndpointSchema } from "@/schemas/webhooks";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { SecretRevealStep } from "@/components/secret-reveal";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { DomainEventType } from "@/lib/domain-events";
import { applyServerErrors } from "@/lib/server-errors";
import { EventTypePicker } from "./event-type-picker";

type FormValues = z.input<typeof createWebhookEndpointSchema>;
const FIELDS = ["url", "description", "eventTypes"] as const;

export const SIGNING_SECRET_WARNING =
  "This signing secret is shown only once. Store it in the receiving system now: it checks the webhook-signature header with it (Standard Webhooks). If it is lost, rotate the secret.";

/** Adds an endpoint; its signing secret is shown once, with a copy button. */
export function CreateWebhookDialog() {
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const changeOpen = (next: boolean) => {
    setOpen(next);
    if (!next) setSecret(null);
  };
  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon aria-hidden="true" />
          Add endpoint
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        {secret ? (
          <SecretRevealStep
            title="The endpoint is ready"
            description="Events are sent to it from now on."
            doneLabel="I have stored the secret"
            label="Signing secret"
            value={secret}
            warning={SIGNING_SECRET_WARNING}
          />
        ) : (
          <CreateWebhookForm onCreated={setSecret} />
        )}
      </DialogContent>
    </Dialog>
  );
}

/** Changes an endpoint's address, description or events (its secret and delivery log stay). */
export function EditWebhookDialog({ endpoint }: { endpoint: { id: number; url: string; description: string | null; eventTypes: string[] } }) {
  const [open, setOpen] = useState(false);
  const title = endpoint.description || endpoint.url;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" aria-label={`Edit ${title}`}>
          <PencilIcon aria-hidden="true" />
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        {open ? <WebhookForm endpoint={endpoint} onSaved={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated: (secret: string) => void }) {
  return <WebhookForm onCreated={onCreated} />;
}

/** The endpoint form: a new endpoint (its secret handed to `onCreated`), or `endpoint` changed in place. */
function WebhookForm({
  endpoint,
  onCreated,
  onSaved,
}: {
  endpoint?: { id: number; url: string; description: string | null; eventTypes: string[] };
  onCreated?: (secret: string) => void;
  onSaved?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.webhooks.create.mutationOptions());
  const update = useMutation(trpc.webhooks.update.mutationOptions());
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormValues, unknown, z.output<typeof createWebhookEndpointSchema>>({
    resolver: zodResolver(createWebhookEndpointSchema),
    defaultValues: endpoint
      ? { url: endpoint.url, description: endpoint.description ?? "", eventTypes: endpoint.eventTypes as DomainEventType[] }
      : { url: "", description: "", eventTypes: ["lead.created"] },
  });

  async function onSubmit(values: z.output<typeof createWebhookEndpointSchema>) {
    let secret: string | null = null;
    try {
      if (endpoint) await update.mutateAsync({ id: endpoint.id, ...values, description: values.description ?? "" });
      else secret = (await create.mutateAsync(values)).secret;
    } catch (error) {
      applyServerErrors(error, setError, FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
    if (secret) onCreated?.(secret);
    else onSaved?.();
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{endpoint ? "Edit webhook endpoint" : "Add a webhook endpoint"}</DialogTitle>
        <DialogDescription>
          {endpoint ? "Its signing secret and delivery log stay as they are." : "We send a signed POST to this address each time a chosen event happens."}
        </DialogDescription>
      </DialogHeader>
      <FormField id={endpoint ? `webhook-url-${endpoint.id}` : "webhook-url"} label="Address" hint="An https:// address on the public internet." error={errors.url?.message}>
        <Input type="url" inputMode="url" autoComplete="off" placeholder="https://example.com/webhooks/loctelli" {...register("url")} />
      </FormField>
      <FormField
        id={endpoint ? `webhook-description-${endpoint.id}` : "webhook-description"}
        label={
          <>
            Description <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint="What receives these events, e.g. “Zapier: new leads to the sheet”."
        error={errors.description?.message}
      >
        <Input autoComplete="off" {...register("description")} />
      </FormField>
      <Controller
        control={control}
        name="eventTypes"
        render={({ field }) => (
          <EventTypePicker
            idPrefix={endpoint ? `webhook-events-${endpoint.id}` : "webhook-events"}
            value={field.value as DomainEventType[]}
            onChange={field.onChange}
            error={errors.eventTypes?.message}
          />
        )}
      />
      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>{endpoint ? "Save changes" : "Add endpoint"}</SubmitButton>
      </DialogFooter>
    </form>
  );
}
