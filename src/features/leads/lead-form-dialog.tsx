"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CopyIcon } from "lucide-react";
import type { z } from "zod";

import { leadFieldsSchema, type LeadStatusValue } from "@/schemas/leads";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
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
import { applyServerErrors } from "@/lib/server-errors";
import { MemberSelect } from "@/features/crm/member-select";
import { TimeZoneSelect } from "@/features/settings/time-zone-select";
import { StrategySelect } from "@/features/strategies/strategy-select";
import { LeadStatusSelect } from "./lead-status-select";

type LeadValues = z.input<typeof leadFieldsSchema>;
type LeadOutput = z.output<typeof leadFieldsSchema>;
const LEAD_FIELDS = [
  "name",
  "email",
  "phone",
  "company",
  "position",
  "source",
  "customId",
  "timezone",
  "status",
  "strategyId",
  "ownerId",
] as const;
const NONE = "none";

/** The stored values a lead form starts from. */
export interface EditableLead {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  position: string | null;
  source: string | null;
  customId: string | null;
  timezone: string | null;
  status: LeadStatusValue;
  strategyId: number | null;
  ownerId: number | null;
}

/** The existing lead a create or edit would have duplicated, as the server names it in `data.details`. */
interface DuplicateLead {
  id: number;
  name: string;
  message: string;
}

function duplicateOf(error: unknown): DuplicateLead | null {
  const data = (error as { data?: { details?: { duplicateOf?: { id: number; name: string } } | null } })?.data;
  const duplicate = data?.details?.duplicateOf;
  if (!duplicate) return null;
  return { id: duplicate.id, name: duplicate.name, message: (error as Error).message };
}

/** Create a lead (no `lead`) or edit one, in a dialog. */
export function LeadFormDialog({
  lead,
  open,
  onOpenChange,
  defaultOwnerId,
}: {
  lead?: EditableLead;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  defaultOwnerId?: number | null;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-2xl overflow-y-auto">
        {open ? <LeadForm lead={lead} defaultOwnerId={defaultOwnerId ?? null} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function LeadForm({ lead, defaultOwnerId, onDone }: { lead?: EditableLead; defaultOwnerId: number | null; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.leads.create.mutationOptions());
  const update = useMutation(trpc.leads.update.mutationOptions());
  const [duplicate, setDuplicate] = useState<(DuplicateLead & { values: LeadOutput }) | null>(null);
  const [mergeError, setMergeError] = useState<string>();
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<LeadValues, unknown, LeadOutput>({
    resolver: zodResolver(leadFieldsSchema),
    defaultValues: {
      name: lead?.name ?? "",
      email: lead?.email ?? "",
      phone: lead?.phone ?? "",
      company: lead?.company ?? "",
      position: lead?.position ?? "",
      source: lead?.source ?? "",
      customId: lead?.customId ?? "",
      timezone: lead?.timezone ?? "",
      status: lead?.status ?? "new",
      strategyId: lead?.strategyId ?? null,
      ownerId: lead ? lead.ownerId : defaultOwnerId,
    },
  });

  async function refreshLeads(id: number) {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.leads.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.leads.get.queryKey({ id }) }),
    ]);
  }

  async function onSubmit(values: LeadOutput) {
    setDuplicate(null);
    setMergeError(undefined);
    if (lead) {
      try {
        await update.mutateAsync({ ...values, id: lead.id });
      } catch (error) {
        const found = duplicateOf(error);
        if (found) setDuplicate({ ...found, values });
        applyServerErrors(error, setError, LEAD_FIELDS);
        return;
      }
      await refreshLeads(lead.id);
      onDone();
      return;
    }
    let created;
    try {
      created = await create.mutateAsync({ ...values, onDuplicate: "refuse" });
    } catch (error) {
      const found = duplicateOf(error);
      if (found) setDuplicate({ ...found, values });
      applyServerErrors(error, setError, LEAD_FIELDS);
      return;
    }
    await refreshLeads(created.id);
    onDone();
    router.push(`/leads/${created.id}`);
  }

  async function mergeIntoDuplicate() {
    if (!duplicate) return;
    setMergeError(undefined);
    let merged;
    try {
      merged = await create.mutateAsync({ ...duplicate.values, onDuplicate: "merge" });
    } catch (error) {
      setMergeError(`The lead was not merged: ${(error as Error).message}`);
      return;
    }
    await refreshLeads(merged.id);
    onDone();
    router.push(`/leads/${merged.id}`);
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{lead ? `Edit ${lead.name}` : "New lead"}</DialogTitle>
        <DialogDescription>
          {lead ? "Changes are recorded in the workspace's audit log." : "An email or a phone number lets your AI receptionist reach them."}
        </DialogDescription>
      </DialogHeader>

      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="lead-name" label="Name" error={errors.name?.message} className="sm:col-span-2">
          <Input autoComplete="off" {...register("name")} />
        </FormField>
        <FormField id="lead-email" label={<Optional>Email</Optional>} error={errors.email?.message}>
          <Input type="email" inputMode="email" autoComplete="off" {...register("email")} />
        </FormField>
        <FormField
          id="lead-phone"
          label={<Optional>Phone</Optional>}
          hint="Numbers without a country code are read in the workspace's region."
          error={errors.phone?.message}
        >
          <Input type="tel" inputMode="tel" autoComplete="off" {...register("phone")} />
        </FormField>
        <FormField id="lead-company" label={<Optional>Company</Optional>} error={errors.company?.message}>
          <Input autoComplete="off" {...register("company")} />
        </FormField>
        <FormField id="lead-position" label={<Optional>Position</Optional>} error={errors.position?.message}>
          <Input autoComplete="off" {...register("position")} />
        </FormField>
        <FormField id="lead-source" label={<Optional>Source</Optional>} hint="e.g. web form, referral." error={errors.source?.message}>
          <Input autoComplete="off" {...register("source")} />
        </FormField>
        <Controller
          control={control}
          name="timezone"
          render={({ field }) => (
            <FormField id="lead-timezone" label={<Optional>Time zone</Optional>} error={errors.timezone?.message}>
              <TimeZoneSelect
                value={typeof field.value === "string" ? field.value : ""}
                onValueChange={field.onChange}
                onBlur={field.onBlur}
                emptyLabel="Not known"
              />
            </FormField>
          )}
        />
        <Controller
          control={control}
          name="status"
          render={({ field }) => (
            <FormField id="lead-status" label="Status" error={errors.status?.message}>
              <LeadStatusSelect value={field.value ?? "new"} onValueChange={field.onChange} onBlur={field.onBlur} />
            </FormField>
          )}
        />
        <Controller
          control={control}
          name="ownerId"
          render={({ field }) => (
            <FormField id="lead-owner" label="Owner" error={errors.ownerId?.message}>
              <MemberSelect
                value={field.value ? String(field.value) : NONE}
                onValueChange={(next) => field.onChange(next === NONE ? null : Number(next))}
                onBlur={field.onBlur}
                extraOptions={[{ value: NONE, label: "Nobody" }]}
              />
            </FormField>
          )}
        />
        <Controller
          control={control}
          name="strategyId"
          render={({ field }) => (
            <FormField id="lead-strategy" label="Strategy" error={errors.strategyId?.message} className="sm:col-span-2">
              <StrategySelect
                value={field.value ? String(field.value) : NONE}
                onValueChange={(next) => field.onChange(next === NONE ? null : Number(next))}
                onBlur={field.onBlur}
                extraOptions={[{ value: NONE, label: "No strategy" }]}
              />
            </FormField>
          )}
        />
      </div>

      {duplicate ? (
        <Alert variant="info" data-testid="duplicate-lead">
          <CopyIcon aria-hidden="true" />
          <AlertTitle>This person is already a lead: {duplicate.name}</AlertTitle>
          <AlertDescription className="grid gap-2">
            <span>{duplicate.message}.</span>
            <span className="flex flex-wrap gap-2">
              <Button asChild variant="outline" size="sm">
                <Link href={`/leads/${duplicate.id}`}>Open {duplicate.name}</Link>
              </Button>
              {lead ? null : (
                <Button size="sm" variant="secondary" onClick={() => void mergeIntoDuplicate()} disabled={create.isPending}>
                  Merge into it
                </Button>
              )}
            </span>
            {lead ? null : (
              <span className="text-xs text-muted-foreground">
                Merging fills the existing lead&apos;s empty fields with what you typed; nothing it already has changes.
              </span>
            )}
          </AlertDescription>
        </Alert>
      ) : null}
      <FormError message={mergeError ?? (duplicate ? undefined : errors.root?.server?.message)} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>{lead ? "Save changes" : "Create lead"}</SubmitButton>
      </DialogFooter>
    </form>
  );
}

function Optional({ children }: { children: ReactNode }) {
  return (
    <>
      {children} <span className="font-normal text-muted-foreground">(optional)</span>
    </>
  );
}
