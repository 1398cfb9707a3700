"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { AdminWorkspace } from "./workspaces-table";

const FIELDS = [
  { name: "monthlyTokenBudget", label: "AI tokens per month", hint: "The AI stops answering (messages wait for a person) once the month's tokens reach it. Admins are emailed at 80% and 100%." },
  { name: "monthlySmsLimit", label: "Text messages per month", hint: "Sends over it are refused (people, campaigns and the AI)." },
  { name: "monthlyEmailLimit", label: "Emails to leads per month", hint: "Sends over it are refused." },
  { name: "monthlyWebLimit", label: "Web chat replies per month", hint: "AI replies over it wait for a person." },
] as const;
type FieldName = (typeof FIELDS)[number]["name"];
type Values = Record<FieldName, string>;

/** A workspace's monthly token budget and message limits (empty: no limit). Months are calendar months in UTC. */
export function WorkspaceLimitsDialog({ workspace, open, onOpenChange }: { workspace: AdminWorkspace; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>{open ? <LimitsForm workspace={workspace} onDone={() => onOpenChange(false)} /> : null}</DialogContent>
    </Dialog>
  );
}

function LimitsForm({ workspace, onDone }: { workspace: AdminWorkspace; onDone: () => void }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.platform.usage.limits.queryOptions({ subAccountId: workspace.id }));
  if (current.isPending) return <Skeleton className="h-64 w-full" aria-label="Loading limits" />;
  if (current.isError) return <FormError message={`The limits could not be loaded: ${current.error.message}`} />;
  const initial = Object.fromEntries(FIELDS.map((f) => [f.name, current.data[f.name] === null ? "" : String(current.data[f.name])])) as Values;
  return <LimitsFields workspace={workspace} initial={initial} onDone={onDone} />;
}

function LimitsFields({ workspace, initial, onDone }: { workspace: AdminWorkspace; initial: Values; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.platform.usage.setLimits.mutationOptions());
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Partial<Record<FieldName | "form", string>>>({});

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed: Partial<Record<FieldName, number | null>> = {};
    const found: typeof errors = {};
    for (const f of FIELDS) {
      const raw = values[f.name].replaceAll(",", "").trim();
      if (raw === "") parsed[f.name] = null;
      else if (!/^\d+$/.test(raw)) found[f.name] = "Enter a whole number, or leave it empty for no limit.";
      else parsed[f.name] = Number(raw);
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      await save.mutateAsync({ subAccountId: workspace.id, ...(parsed as Record<FieldName, number | null>) });
    } catch (error) {
      const fieldErrors = error instanceof TRPCClientError ? ((error.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {}) : {};
      setErrors({
        ...Object.fromEntries(FIELDS.flatMap((f) => (fieldErrors[f.name]?.[0] ? [[f.name, fieldErrors[f.name]![0]]] : []))),
        form: (error as Error).message,
      });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.usage.limits.queryKey({ subAccountId: workspace.id }) });
    onDone();
  }

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Budget and limits of {workspace.name}</DialogTitle>
        <DialogDescription>Per calendar month (UTC). Leave a field empty for no limit. The workspace&apos;s admins see these on their usage page.</DialogDescription>
      </DialogHeader>
      {FIELDS.map((f) => (
        <FormField key={f.name} id={`limits-${f.name}`} label={f.label} hint={f.hint} error={errors[f.name]}>
          <Input
            inputMode="numeric"
            placeholder="No limit"
            value={values[f.name]}
            onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
          />
        </FormField>
      ))}
      <FormError message={errors.form} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={save.isPending}>Save limits</SubmitButton>
      </DialogFooter>
    </form>
  );
}
