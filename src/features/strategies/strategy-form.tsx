"use client";

import { useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Controller, useForm, type FieldPath } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheckIcon } from "lucide-react";
import type { z } from "zod";

import { createStrategySchema, MAX_REPLY_DELAY_SECONDS } from "@/schemas/strategies";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/server-errors";
import { PromptTemplateSelect } from "./prompt-template-select";

type StrategyValues = z.input<typeof createStrategySchema>;
type StrategyOutput = z.output<typeof createStrategySchema>;
type TextField = Exclude<FieldPath<StrategyValues>, "delayMin" | "delayMax" | "promptTemplateId" | "name">;

const TEXT_FIELDS = [
  "description",
  "tag",
  "industryContext",
  "aiName",
  "aiRole",
  "companyBackground",
  "conversationTone",
  "communicationStyle",
  "qualificationQuestions",
  "disqualificationRules",
  "objectionHandling",
  "closingStrategy",
  "bookingInstructions",
  "outputGuidelines",
  "prohibitedBehaviors",
] as const satisfies readonly TextField[];
const STRATEGY_FIELDS = ["name", ...TEXT_FIELDS, "delayMin", "delayMax", "promptTemplateId"] as const;

/** The stored strategy as the form edits it (every text as a string, empty for none). */
export type StrategyFormDefaults = { [K in (typeof TEXT_FIELDS)[number]]?: string | null } & {
  name: string;
  delayMin: number;
  delayMax: number;
  promptTemplateId: number | null;
};

const EMPTY: StrategyFormDefaults = { name: "", delayMin: 0, delayMax: 0, promptTemplateId: null };

const asNumber = (value: unknown) => (value === "" ? Number.NaN : Number(value));
function numberMessage(message: string | undefined) {
  if (!message) return undefined;
  return /expected number/i.test(message) ? "Enter a whole number of seconds" : message;
}

/** An emptied box clears the field: the server stores null rather than "". */
function withNulls(values: StrategyOutput): StrategyOutput {
  const result: Record<string, unknown> = { ...values };
  for (const field of TEXT_FIELDS) if (result[field] === "" || result[field] === undefined) result[field] = null;
  return result as StrategyOutput;
}

interface TextSpec {
  field: TextField;
  label: string;
  hint?: string;
  long?: boolean;
}

const SECTIONS: readonly { title: string; description: string; fields: readonly TextSpec[] }[] = [
  {
    title: "Persona",
    description: "Who the AI receptionist is and how it sounds.",
    fields: [
      { field: "aiName", label: "AI name", hint: "The name it introduces itself with, e.g. Riley." },
      { field: "aiRole", label: "AI role", hint: "e.g. Scheduling assistant." },
      { field: "industryContext", label: "Industry context", long: true },
      { field: "companyBackground", label: "Company background", long: true },
      { field: "conversationTone", label: "Conversation tone", hint: "e.g. Friendly and reassuring." },
      { field: "communicationStyle", label: "Communication style", hint: "e.g. Short messages, one question at a time." },
    ],
  },
  {
    title: "Sales script",
    description: "How it qualifies, handles objections and closes.",
    fields: [
      { field: "qualificationQuestions", label: "Qualification questions", long: true },
      { field: "disqualificationRules", label: "Disqualification rules", long: true },
      { field: "objectionHandling", label: "Objection handling", long: true },
      { field: "closingStrategy", label: "Closing strategy", long: true },
      { field: "bookingInstructions", label: "Booking instructions", long: true },
    ],
  },
  {
    title: "Guardrails",
    description: "What every reply must and must not do.",
    fields: [
      { field: "outputGuidelines", label: "Output guidelines", long: true },
      { field: "prohibitedBehaviors", label: "Prohibited behaviors", long: true },
    ],
  },
];

/**
 * Creates a strategy, or edits one (`strategyId`): every save of an existing strategy becomes its next version.
 * Grouped in sections; the delay order error shows beside the maximum delay.
 */
export function StrategyForm({ strategyId, defaults = EMPTY }: { strategyId?: number; defaults?: StrategyFormDefaults }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.strategies.create.mutationOptions());
  const update = useMutation(trpc.strategies.update.mutationOptions());
  const [savedVersion, setSavedVersion] = useState<number>();
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<StrategyValues, unknown, StrategyOutput>({
    resolver: zodResolver(createStrategySchema),
    defaultValues: Object.fromEntries(
      Object.entries(defaults).map(([key, value]) => [key, key === "promptTemplateId" ? value : (value ?? "")]),
    ) as StrategyValues,
  });

  async function onSubmit(values: StrategyOutput) {
    setSavedVersion(undefined);
    const input = withNulls(values);
    if (strategyId === undefined) {
      let created;
      try {
        created = await create.mutateAsync(input);
      } catch (error) {
        applyServerErrors(error, setError, STRATEGY_FIELDS);
        return;
      }
      await queryClient.invalidateQueries({ queryKey: trpc.strategies.list.pathKey() });
      router.push(`/strategies/${created.id}`);
      return;
    }
    let updated;
    try {
      updated = await update.mutateAsync({ ...input, id: strategyId });
    } catch (error) {
      applyServerErrors(error, setError, STRATEGY_FIELDS);
      return;
    }
    reset(values);
    setSavedVersion(updated.currentVersion);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.strategies.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.strategies.get.queryKey({ id: strategyId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.strategies.versions.pathKey() }),
    ]);
  }

  const textField = (spec: TextSpec) => (
    <FormField key={spec.field} id={`strategy-${spec.field}`} label={spec.label} hint={spec.hint} error={errors[spec.field]?.message}>
      {spec.long ? <Textarea rows={4} {...register(spec.field)} /> : <Input {...register(spec.field)} />}
    </FormField>
  );

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-6">
      <FormSection title="Basics" description="How your team recognises this strategy, and the prompt it builds on.">
        <FormField id="strategy-name" label="Name" error={errors.name?.message}>
          <Input autoComplete="off" {...register("name")} />
        </FormField>
        {textField({ field: "tag", label: "Tag", hint: "A short label to group strategies, e.g. inbound." })}
        <div className="sm:col-span-2">{textField({ field: "description", label: "Description", long: true })}</div>
        <Controller
          control={control}
          name="promptTemplateId"
          render={({ field }) => (
            <FormField
              id="strategy-prompt-template"
              label="Prompt template"
              hint="The base prompt this strategy's replies are built on."
              error={errors.promptTemplateId?.message}
            >
              <PromptTemplateSelect value={field.value ?? null} onValueChange={field.onChange} onBlur={field.onBlur} />
            </FormField>
          )}
        />
      </FormSection>

      {SECTIONS.map((section) => (
        <FormSection key={section.title} title={section.title} description={section.description}>
          {section.fields.map((spec) => (
            <div key={spec.field} className={spec.long ? "sm:col-span-2" : undefined}>
              {textField(spec)}
            </div>
          ))}
        </FormSection>
      ))}

      <FormSection title="Reply pacing" description="A random wait before each reply, so answers do not arrive instantly.">
        <FormField id="strategy-delay-min" label="Minimum delay (seconds)" error={numberMessage(errors.delayMin?.message)}>
          <Input type="number" inputMode="numeric" min={0} max={MAX_REPLY_DELAY_SECONDS} {...register("delayMin", { setValueAs: asNumber })} />
        </FormField>
        <FormField id="strategy-delay-max" label="Maximum delay (seconds)" hint="At least the minimum delay." error={numberMessage(errors.delayMax?.message)}>
          <Input type="number" inputMode="numeric" min={0} max={MAX_REPLY_DELAY_SECONDS} {...register("delayMax", { setValueAs: asNumber })} />
        </FormField>
      </FormSection>

      <FormError message={errors.root?.server?.message} />
      {/* Stays at the bottom of the screen while the long form scrolls, so saving (and its confirmation) is always in reach. */}
      <div
        data-testid="strategy-save-bar"
        className="sticky bottom-0 z-10 -mx-1 flex flex-wrap items-center gap-3 rounded-t-lg border-t bg-background/95 px-1 py-3 backdrop-blur supports-[backdrop-filter]:bg-background/80"
      >
        <SubmitButton pending={isSubmitting} disabled={isSubmitting || (strategyId !== undefined && !isDirty)}>
          {strategyId === undefined ? "Create strategy" : "Save changes"}
        </SubmitButton>
        <p role="status" aria-live="polite" className="min-w-0 flex-1 text-sm">
          {savedVersion !== undefined && !isDirty ? (
            <span className="inline-flex items-center gap-1.5 font-medium text-success">
              <CircleCheckIcon aria-hidden="true" className="size-4" />
              Saved as version {savedVersion}.
            </span>
          ) : strategyId !== undefined && isDirty ? (
            <span className="text-muted-foreground">Unsaved changes</span>
          ) : null}
        </p>
      </div>
    </form>
  );
}

function FormSection({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2" className="text-base">
          {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5 sm:grid-cols-2">{children}</CardContent>
    </Card>
  );
}
