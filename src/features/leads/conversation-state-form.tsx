"use client";

import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheckIcon } from "lucide-react";
import { z } from "zod";

import { CONVERSATION_STAGES, conversationStateSchema, type ConversationState } from "@/schemas/leads";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/server-errors";

export const STAGE_LABELS: Record<(typeof CONVERSATION_STAGES)[number], string> = {
  discovery: "Discovery",
  qualification: "Qualification",
  objection_handling: "Objection handling",
  closing: "Closing",
  booked: "Booked",
};

/** The form edits lists as one item per line. */
const formSchema = z.object({
  stage: conversationStateSchema.shape.stage,
  qualified: z.boolean(),
  decisionMaker: z.boolean(),
  budget: z.string().trim().max(200, "Budget is too long"),
  timeline: z.string().trim().max(200, "Timeline is too long"),
  painPoints: z.string(),
  objections: z.string(),
});
type StateValues = z.infer<typeof formSchema>;
const STATE_FIELDS = ["stage", "qualified", "decisionMaker", "budget", "timeline", "painPoints", "objections"] as const;

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** The stored JSON as the form's values; anything unreadable starts from discovery. */
function valuesOf(stored: unknown): StateValues {
  const parsed = conversationStateSchema.partial().safeParse(stored ?? {});
  const state: Partial<ConversationState> = parsed.success ? parsed.data : {};
  return {
    stage: state.stage ?? "discovery",
    qualified: state.qualified ?? false,
    decisionMaker: state.decisionMaker ?? false,
    budget: state.budget ?? "",
    timeline: state.timeline ?? "",
    painPoints: (state.painPoints ?? []).join("\n"),
    objections: (state.objections ?? []).join("\n"),
  };
}

/** Where the conversation with a lead stands: stage, qualification facts, pain points and objections. */
export function ConversationStateForm({ leadId, stored }: { leadId: number; stored: unknown }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.leads.updateConversationState.mutationOptions());
  const [saved, setSaved] = useState(false);
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<StateValues>({ resolver: zodResolver(formSchema), defaultValues: valuesOf(stored) });

  async function onSubmit(values: StateValues) {
    setSaved(false);
    const conversationState: ConversationState = {
      stage: values.stage,
      qualified: values.qualified,
      decisionMaker: values.decisionMaker,
      ...(values.budget ? { budget: values.budget } : {}),
      ...(values.timeline ? { timeline: values.timeline } : {}),
      painPoints: lines(values.painPoints),
      objections: lines(values.objections),
    };
    try {
      await save.mutateAsync({ id: leadId, conversationState });
    } catch (error) {
      applyServerErrors(error, setError, STATE_FIELDS);
      return;
    }
    reset(values);
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: trpc.leads.get.queryKey({ id: leadId }) });
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Controller
          control={control}
          name="stage"
          render={({ field }) => (
            <FormField id="conversation-stage" label="Stage" error={errors.stage?.message}>
              <Select value={field.value} onValueChange={field.onChange}>
                <SelectTrigger onBlur={field.onBlur}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {CONVERSATION_STAGES.map((stage) => (
                    <SelectItem key={stage} value={stage}>
                      {STAGE_LABELS[stage]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </FormField>
          )}
        />
        <div className="flex flex-wrap items-end gap-x-6 gap-y-2 pb-2">
          {(["qualified", "decisionMaker"] as const).map((name) => (
            <Controller
              key={name}
              control={control}
              name={name}
              render={({ field }) => (
                <div className="flex items-center gap-2">
                  <Checkbox
                    id={`conversation-${name}`}
                    checked={field.value}
                    onCheckedChange={(checked) => field.onChange(checked === true)}
                    onBlur={field.onBlur}
                  />
                  <Label htmlFor={`conversation-${name}`}>{name === "qualified" ? "Qualified" : "Decision maker"}</Label>
                </div>
              )}
            />
          ))}
        </div>
        <FormField id="conversation-budget" label="Budget" error={errors.budget?.message}>
          <Input {...register("budget")} />
        </FormField>
        <FormField id="conversation-timeline" label="Timeline" error={errors.timeline?.message}>
          <Input {...register("timeline")} />
        </FormField>
        <FormField id="conversation-pain-points" label="Pain points" hint="One per line." error={errors.painPoints?.message}>
          <Textarea rows={3} {...register("painPoints")} />
        </FormField>
        <FormField id="conversation-objections" label="Objections" hint="One per line." error={errors.objections?.message}>
          <Textarea rows={3} {...register("objections")} />
        </FormField>
      </div>
      <FormError message={errors.root?.server?.message} />
      {saved && !isDirty ? (
        <Alert variant="success">
          <CircleCheckIcon aria-hidden="true" />
          <AlertDescription>The conversation state was saved.</AlertDescription>
        </Alert>
      ) : null}
      <div>
        <SubmitButton pending={isSubmitting} disabled={isSubmitting || !isDirty} size="sm">
          Save conversation state
        </SubmitButton>
      </div>
    </form>
  );
}
