"use client";

import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";

import { promptTemplateFieldsSchema } from "@/schemas/prompt-templates";
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
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/server-errors";

/** The form edits tags as one comma-separated line. */
const templateFormSchema = promptTemplateFieldsSchema.omit({ tags: true }).extend({
  tags: z.string().max(1000, "Too many tags"),
});
type TemplateValues = z.input<typeof templateFormSchema>;
type TemplateOutput = z.output<typeof templateFormSchema>;
const TEMPLATE_FIELDS = ["name", "description", "baseSystemPrompt", "temperature", "maxTokens", "category", "tags", "isDefault"] as const;

const asNumber = (value: unknown) => (value === "" ? Number.NaN : Number(value));
const asOptionalNumber = (value: unknown) => (value === "" || value === null ? null : Number(value));
function numberMessage(message: string | undefined) {
  if (!message) return undefined;
  return /expected number/i.test(message) ? "Enter a number" : message;
}

const EMPTY: TemplateValues = {
  name: "",
  description: "",
  baseSystemPrompt: "",
  temperature: 0.7,
  maxTokens: null,
  category: "",
  tags: "",
  isDefault: false,
};

/** Writes a new template (`templateId` undefined) or edits one, in a dialog. */
export function PromptTemplateDialog({
  templateId,
  open,
  onOpenChange,
}: {
  templateId?: number;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-2xl overflow-y-auto">
        {open ? (
          templateId === undefined ? (
            <TemplateForm defaults={EMPTY} onDone={() => onOpenChange(false)} />
          ) : (
            <EditTemplate templateId={templateId} onDone={() => onOpenChange(false)} />
          )
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function EditTemplate({ templateId, onDone }: { templateId: number; onDone: () => void }) {
  const trpc = useTRPC();
  const template = useQuery(trpc.promptTemplates.get.queryOptions({ id: templateId }));
  if (template.isPending) return <Skeleton className="h-96 w-full" role="status" aria-label="Loading the template" />;
  if (template.isError) return <FormError message={`The template could not be loaded: ${template.error.message}`} />;
  const t = template.data;
  return (
    <TemplateForm
      templateId={templateId}
      defaults={{
        name: t.name,
        description: t.description ?? "",
        baseSystemPrompt: t.baseSystemPrompt,
        temperature: t.temperature,
        maxTokens: t.maxTokens,
        category: t.category ?? "",
        tags: t.tags.join(", "),
        isDefault: t.isDefault,
      }}
      onDone={onDone}
    />
  );
}

function TemplateForm({ templateId, defaults, onDone }: { templateId?: number; defaults: TemplateValues; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.promptTemplates.create.mutationOptions());
  const update = useMutation(trpc.promptTemplates.update.mutationOptions());
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<TemplateValues, unknown, TemplateOutput>({ resolver: zodResolver(templateFormSchema), defaultValues: defaults });

  async function onSubmit(values: TemplateOutput) {
    const input = {
      ...values,
      description: values.description || null,
      category: values.category || null,
      tags: values.tags
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    };
    try {
      if (templateId === undefined) await create.mutateAsync(input);
      else await update.mutateAsync({ ...input, id: templateId });
    } catch (error) {
      applyServerErrors(error, setError, TEMPLATE_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.promptTemplates.pathKey() });
    onDone();
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{templateId === undefined ? "New prompt template" : `Edit ${defaults.name}`}</DialogTitle>
        <DialogDescription>Strategies build on the template they choose, or on their workspace&apos;s active one.</DialogDescription>
      </DialogHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="template-name" label="Name" error={errors.name?.message}>
          <Input autoComplete="off" {...register("name")} />
        </FormField>
        <FormField id="template-category" label="Category" hint="e.g. home services." error={errors.category?.message}>
          <Input autoComplete="off" {...register("category")} />
        </FormField>
        <FormField id="template-description" label="Description" error={errors.description?.message} className="sm:col-span-2">
          <Input autoComplete="off" {...register("description")} />
        </FormField>
        <FormField id="template-prompt" label="Base system prompt" error={errors.baseSystemPrompt?.message} className="sm:col-span-2">
          <Textarea rows={8} className="font-mono text-xs" {...register("baseSystemPrompt")} />
        </FormField>
        <FormField id="template-temperature" label="Temperature" hint="0 is focused, 2 is creative." error={numberMessage(errors.temperature?.message)}>
          <Input type="number" inputMode="decimal" step={0.1} min={0} max={2} {...register("temperature", { setValueAs: asNumber })} />
        </FormField>
        <FormField id="template-max-tokens" label="Max tokens" hint="Empty for the model's default." error={numberMessage(errors.maxTokens?.message)}>
          <Input type="number" inputMode="numeric" min={1} {...register("maxTokens", { setValueAs: asOptionalNumber })} />
        </FormField>
        <FormField id="template-tags" label="Tags" hint="Separated by commas." error={errors.tags?.message} className="sm:col-span-2">
          <Input autoComplete="off" {...register("tags")} />
        </FormField>
      </div>
      <div className="grid gap-1.5">
        <div className="flex items-center gap-2">
          <Controller
            control={control}
            name="isDefault"
            render={({ field }) => (
              <Checkbox
                id="template-default"
                checked={field.value === true}
                onCheckedChange={(checked) => field.onChange(checked === true)}
                onBlur={field.onBlur}
                aria-describedby="template-default-hint"
              />
            )}
          />
          <Label htmlFor="template-default">Platform default</Label>
        </div>
        <p id="template-default-hint" className="text-xs text-muted-foreground">
          Workspaces without an active template use the default. Only one template is the default.
        </p>
      </div>
      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>{templateId === undefined ? "Create template" : "Save changes"}</SubmitButton>
      </DialogFooter>
    </form>
  );
}
