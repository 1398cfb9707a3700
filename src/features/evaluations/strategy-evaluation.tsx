"use client";

import { useState } from "react";
import { Controller, useFieldArray, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon, PlayIcon, PlusIcon, Trash2Icon, XCircleIcon } from "lucide-react";
import { z } from "zod";

import {
  AGENT_TOOL_NAMES,
  evaluationCaseFieldsSchema,
  evaluationExpectationSchema,
  type EvaluationExpectation,
} from "@/schemas/strategy-evaluations";
import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { applyServerErrors } from "@/lib/server-errors";
import { useViewer } from "@/features/crm/use-viewer";
import { ProgressBar } from "@/components/ui/progress-bar";
import { TimeZoneSelect } from "@/features/settings/time-zone-select";

type Evaluation = RouterOutputs["evaluations"]["get"];
type EvaluationCase = Evaluation["cases"][number];

const TOOL_LABELS: Record<(typeof AGENT_TOOL_NAMES)[number], string> = {
  check_availability: "Check availability",
  book_meeting: "Book a meeting",
  update_lead_details: "Update lead details",
  update_conversation_state: "Update conversation state",
  handoff_to_human: "Hand off to a person",
};

export function describeExpectation(expectation: EvaluationExpectation): string {
  switch (expectation.kind) {
    case "tool_called":
      return `The AI uses “${TOOL_LABELS[expectation.tool]}”`;
    case "booking_created":
      return "A booking is made";
    case "phrase_absent":
      return `Replies never say “${expectation.phrase}”`;
    case "phrase_present":
      return `A reply says “${expectation.phrase}”`;
  }
}

/** Scripted test conversations of a strategy: write them, run them against the model, read the verdicts. */
export function StrategyEvaluation({ strategyId, currentVersion }: { strategyId: number; currentVersion: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { isManager } = useViewer();
  const evaluation = useQuery(
    trpc.evaluations.get.queryOptions(
      { strategyId },
      { refetchInterval: (query) => (["queued", "active"].includes(query.state.data?.latestRun?.status ?? "") ? 1_500 : false) },
    ),
  );
  const run = useMutation(trpc.evaluations.run.mutationOptions());
  const setRequired = useMutation(trpc.evaluations.setRequired.mutationOptions());
  const deleteCase = useMutation(trpc.evaluations.deleteCase.mutationOptions());
  const [editing, setEditing] = useState<EvaluationCase | "new" | null>(null);
  const [actionError, setActionError] = useState<string>();

  if (evaluation.isPending) return <Skeleton className="h-40 w-full" />;
  if (evaluation.isError) return <QueryError what="The evaluation" error={evaluation.error} />;
  const data = evaluation.data;
  const running = data.latestRun !== null && ["queued", "active"].includes(data.latestRun.status);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.evaluations.get.queryKey({ strategyId }) });

  async function act(what: string, action: () => Promise<unknown>) {
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(`${what}: ${(error as Error).message}`);
    }
    await refresh();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Evaluation</CardTitle>
        <CardDescription>
          Scripted conversations with a pretend lead, played against the configured AI model with its real tools. Bookings made
          during a run are removed afterwards.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!data.aiConfigured ? (
          <p className="text-sm text-muted-foreground">No AI model is set up, so evaluations cannot run yet (see the notice at the top of this page).</p>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          {isManager ? (
            <Button
              disabled={running || run.isPending || !data.aiConfigured || data.cases.length === 0}
              onClick={() => void act("The evaluation did not start", () => run.mutateAsync({ strategyId }))}
            >
              <PlayIcon aria-hidden="true" />
              Run evaluation
            </Button>
          ) : null}
          {running ? <ProgressBar className="w-36" value={data.latestRun!.progress} label="Evaluation progress" /> : null}
          <VersionVerdict cases={data.cases} version={currentVersion} />
        </div>
        {data.latestRun?.status === "failed" ? <FormError message={`The last run failed: ${data.latestRun.error ?? "unknown error"}`} /> : null}
        <div className="flex items-center gap-2">
          <Checkbox
            id="require-evaluation"
            checked={data.strategy.requireEvaluationPass}
            disabled={!isManager || setRequired.isPending}
            onCheckedChange={(checked) =>
              void act("The setting was not saved", () => setRequired.mutateAsync({ strategyId, required: checked === true }))
            }
          />
          <Label htmlFor="require-evaluation">Must pass every case before it can be activated</Label>
        </div>
        <FormError message={actionError} />

        {data.cases.length === 0 ? (
          <p className="text-sm text-muted-foreground">No test conversations yet.</p>
        ) : (
          <ul className="grid gap-2" aria-label="Evaluation cases">
            {data.cases.map((item) => (
              <CaseItem
                key={item.id}
                item={item}
                currentVersion={currentVersion}
                canEdit={isManager}
                onEdit={() => setEditing(item)}
                onDelete={() => void act("The case was not deleted", () => deleteCase.mutateAsync({ id: item.id }))}
              />
            ))}
          </ul>
        )}
        {isManager ? (
          <div>
            <Button variant="outline" onClick={() => setEditing("new")}>
              <PlusIcon aria-hidden="true" />
              Add test conversation
            </Button>
          </div>
        ) : null}
      </CardContent>
      <Dialog open={editing !== null} onOpenChange={(open) => (open ? null : setEditing(null))}>
        <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-2xl overflow-y-auto">
          {editing !== null ? (
            <CaseForm
              strategyId={strategyId}
              existing={editing === "new" ? undefined : editing}
              onDone={() => {
                setEditing(null);
                void refresh();
              }}
            />
          ) : null}
        </DialogContent>
      </Dialog>
    </Card>
  );
}

function VersionVerdict({ cases, version }: { cases: EvaluationCase[]; version: number }) {
  if (cases.length === 0) return null;
  const current = cases.filter((c) => c.lastResult?.strategyVersion === version);
  const passed = current.filter((c) => c.lastResult?.passed).length;
  if (current.length < cases.length) {
    return <span className="text-sm text-muted-foreground">Version {version}: {cases.length - current.length} case(s) not run yet</span>;
  }
  return passed === cases.length ? (
    <Badge variant="success">All {cases.length} passed on version {version}</Badge>
  ) : (
    <Badge variant="destructive">
      {passed} of {cases.length} passed on version {version}
    </Badge>
  );
}

function CaseItem({
  item,
  currentVersion,
  canEdit,
  onEdit,
  onDelete,
}: {
  item: EvaluationCase;
  currentVersion: number;
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const result = item.lastResult;
  const verdict = !result ? (
    <Badge variant="secondary">Not run</Badge>
  ) : result.passed ? (
    <Badge variant="success">Passed</Badge>
  ) : (
    <Badge variant="destructive">Failed</Badge>
  );
  return (
    <li className="rounded-lg border px-3 py-2">
      <details>
        <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">{item.name}</span>
          {verdict}
          {result && result.strategyVersion !== currentVersion ? (
            <span className="text-xs text-muted-foreground">on version {result.strategyVersion}</span>
          ) : null}
          {item.lastRunAt ? <span className="ml-auto text-xs text-muted-foreground"><ZonedTime value={item.lastRunAt} /></span> : null}
        </summary>
        <div className="mt-3 grid gap-3 text-sm">
          <ul className="grid gap-1" aria-label={`Expectations of ${item.name}`}>
            {item.expectations.map((expectation, index) => {
              const check = result?.checks[index];
              return (
                <li key={index} className="flex items-start gap-2">
                  {check ? (
                    check.passed ? (
                      <CheckCircle2Icon className="mt-0.5 size-4 text-emerald-600" aria-label="passed" />
                    ) : (
                      <XCircleIcon className="mt-0.5 size-4 text-destructive" aria-label="failed" />
                    )
                  ) : null}
                  <span>
                    {describeExpectation(expectation)}
                    {check ? <span className="block text-xs text-muted-foreground">{check.detail}</span> : null}
                  </span>
                </li>
              );
            })}
          </ul>
          {result?.error ? <p className="text-destructive">{result.error}</p> : null}
          {result ? (
            <ol className="grid gap-1 rounded-md bg-muted/50 p-2 text-xs" aria-label={`Transcript of ${item.name}`}>
              {result.transcript.map((entry, index) => (
                <li key={index}>
                  <span className="font-medium">{entry.role === "lead" ? "Lead" : entry.role === "assistant" ? "AI" : "Note"}:</span>{" "}
                  <span className="whitespace-pre-wrap">{entry.text}</span>
                  {entry.toolCalls?.map((call, i) => (
                    <span key={i} className="ml-2 inline-block rounded bg-background px-1 font-mono">
                      {call.name} {call.ok ? "✓" : "✗"}
                    </span>
                  ))}
                </li>
              ))}
            </ol>
          ) : null}
          {canEdit ? (
            <div className="flex gap-2">
              <Button size="sm" variant="outline" onClick={onEdit}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" onClick={onDelete}>
                <Trash2Icon aria-hidden="true" />
                Delete
              </Button>
            </div>
          ) : null}
        </div>
      </details>
    </li>
  );
}

/** The form edits messages as one text (a line per message); the API takes the list. */
const caseFormSchema = evaluationCaseFieldsSchema.omit({ leadMessages: true }).extend({
  messages: z.string().trim().min(1, "Write at least one lead message"),
  expectations: z.array(evaluationExpectationSchema).min(1, "Add at least one expectation"),
});
type CaseFormValues = z.input<typeof caseFormSchema>;
type CaseFormOutput = z.output<typeof caseFormSchema>;
const EXPECTATION_KINDS = [
  ["tool_called", "The AI uses a tool"],
  ["booking_created", "A booking is made"],
  ["phrase_present", "A reply says…"],
  ["phrase_absent", "Replies never say…"],
] as const;

function blankExpectation(kind: EvaluationExpectation["kind"]): EvaluationExpectation {
  if (kind === "tool_called") return { kind, tool: "check_availability" };
  if (kind === "booking_created") return { kind };
  return { kind, phrase: "" };
}

function CaseForm({ strategyId, existing, onDone }: { strategyId: number; existing?: EvaluationCase; onDone: () => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.evaluations.createCase.mutationOptions());
  const update = useMutation(trpc.evaluations.updateCase.mutationOptions());
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CaseFormValues, unknown, CaseFormOutput>({
    resolver: zodResolver(caseFormSchema),
    defaultValues: {
      name: existing?.name ?? "",
      messages: existing?.leadMessages.join("\n") ?? "",
      leadTimezone: existing?.leadTimezone ?? "",
      expectations: existing?.expectations ?? [{ kind: "tool_called", tool: "book_meeting" }],
    },
  });
  const expectations = useFieldArray({ control, name: "expectations" });
  const expectationValues = useWatch({ control, name: "expectations" });

  async function onSubmit(values: CaseFormOutput) {
    const input = {
      name: values.name,
      leadMessages: values.messages.split("\n").map((m) => m.trim()).filter(Boolean),
      leadTimezone: values.leadTimezone ?? null,
      expectations: values.expectations,
    };
    try {
      if (existing) await update.mutateAsync({ id: existing.id, ...input });
      else await create.mutateAsync({ strategyId, ...input });
      onDone();
    } catch (error) {
      applyServerErrors(error, setError, ["name", "leadTimezone"]);
    }
  }

  return (
    <form onSubmit={(e) => void handleSubmit(onSubmit)(e)} className="grid gap-4" noValidate>
      <DialogHeader>
        <DialogTitle>{existing ? "Edit test conversation" : "New test conversation"}</DialogTitle>
        <DialogDescription>What the pretend lead writes, and what must happen by the end of the conversation.</DialogDescription>
      </DialogHeader>
      <FormField id="case-name" label="Name" error={errors.name?.message}>
        <Input {...register("name")} placeholder="Books a first visit" />
      </FormField>
      <FormField id="case-messages" label="Lead messages" hint="One message per line, sent in order; each gets an answer." error={errors.messages?.message}>
        <Textarea rows={4} {...register("messages")} placeholder={"Hi, can I book a cleaning?\nTomorrow at 10 works"} />
      </FormField>
      <FormField id="case-timezone" label="Lead time zone" hint="Optional; times are offered on this clock." error={errors.leadTimezone?.message}>
        <Controller
          control={control}
          name="leadTimezone"
          render={({ field }) => (
            <TimeZoneSelect value={(field.value as string | null) ?? ""} onValueChange={field.onChange} emptyLabel="The calendar owner's zone" />
          )}
        />
      </FormField>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Expectations</legend>
        {expectations.fields.map((field, index) => {
          const kind = expectationValues?.[index]?.kind;
          const error = (errors.expectations?.[index] as { tool?: { message?: string }; phrase?: { message?: string } } | undefined) ?? {};
          return (
            <div key={field.id} className="flex flex-wrap items-start gap-2">
              <Controller
                control={control}
                name={`expectations.${index}`}
                render={({ field: item }) => (
                  <Select value={item.value.kind} onValueChange={(value) => item.onChange(blankExpectation(value as EvaluationExpectation["kind"]))}>
                    <SelectTrigger className="w-52" aria-label={`Expectation ${index + 1}`}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {EXPECTATION_KINDS.map(([value, label]) => (
                        <SelectItem key={value} value={value}>
                          {label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
              {kind === "tool_called" ? (
                <Controller
                  control={control}
                  name={`expectations.${index}.tool` as const}
                  render={({ field: tool }) => (
                    <Select value={tool.value as string} onValueChange={tool.onChange}>
                      <SelectTrigger className="w-56" aria-label={`Tool of expectation ${index + 1}`}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        {AGENT_TOOL_NAMES.map((name) => (
                          <SelectItem key={name} value={name}>
                            {TOOL_LABELS[name]}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  )}
                />
              ) : null}
              {kind === "phrase_present" || kind === "phrase_absent" ? (
                <div className="grid flex-1 gap-1">
                  <Input aria-label={`Phrase of expectation ${index + 1}`} {...register(`expectations.${index}.phrase` as const)} />
                  {error.phrase?.message ? <p className="text-xs text-destructive">{error.phrase.message}</p> : null}
                </div>
              ) : null}
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove expectation ${index + 1}`} onClick={() => expectations.remove(index)}>
                <Trash2Icon aria-hidden="true" />
              </Button>
            </div>
          );
        })}
        {errors.expectations?.message ? <p className="text-xs text-destructive">{errors.expectations.message}</p> : null}
        <div>
          <Button type="button" variant="outline" size="sm" onClick={() => expectations.append(blankExpectation("phrase_absent"))}>
            <PlusIcon aria-hidden="true" />
            Add expectation
          </Button>
        </div>
      </fieldset>
      <FormError message={errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="ghost">
            Cancel
          </Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>{existing ? "Save" : "Add"}</SubmitButton>
      </DialogFooter>
    </form>
  );
}
