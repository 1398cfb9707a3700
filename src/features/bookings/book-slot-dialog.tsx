"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";

import { useTRPC } from "@/trpc/react";
import { SearchInput } from "@/components/data/search-input";
import { FormError } from "@/components/forms/form-error";
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
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/server-errors";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { formatSlot, formatTime } from "@/lib/time";
import type { CalendarSlot } from "./week-calendar";

export interface ChosenLead {
  id: number;
  name: string;
}

const bookSchema = z.object({
  title: z.string().trim().max(200, "At most 200 characters"),
  notes: z.string().trim().max(5000, "At most 5000 characters"),
});
type BookValues = z.infer<typeof bookSchema>;
const BOOK_FIELDS = ["title", "notes", "leadId", "startsAt", "userId"] as const;

/** Books a free slot of `host`: choose the lead (search), a title, notes. */
export function BookSlotDialog({
  slot,
  host,
  zone,
  presetLead,
  onOpenChange,
  onBooked,
}: {
  slot: CalendarSlot | null;
  host: { id: number; name: string };
  zone: string;
  presetLead: ChosenLead | null;
  onOpenChange: (open: boolean) => void;
  onBooked: () => void;
}) {
  return (
    <Dialog open={slot !== null} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        {slot ? <BookSlotForm slot={slot} host={host} zone={zone} presetLead={presetLead} onBooked={onBooked} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function BookSlotForm({
  slot,
  host,
  zone,
  presetLead,
  onBooked,
}: {
  slot: CalendarSlot;
  host: { id: number; name: string };
  zone: string;
  presetLead: ChosenLead | null;
  onBooked: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.bookings.create.mutationOptions());
  const [lead, setLead] = useState<ChosenLead | null>(presetLead);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<BookValues & { leadId?: number; startsAt?: Date; userId?: number }>({
    resolver: zodResolver(bookSchema),
    defaultValues: { title: "", notes: "" },
  });

  async function onSubmit(values: BookValues) {
    try {
      await create.mutateAsync({
        userId: host.id,
        leadId: lead?.id ?? null,
        startsAt: slot.start,
        endsAt: slot.end,
        timezone: zone,
        title: values.title || (lead ? `Meeting with ${lead.name}` : undefined),
        notes: values.notes || undefined,
      });
    } catch (error) {
      applyServerErrors(error, setError, BOOK_FIELDS);
      return;
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.bookings.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.availability.slots.pathKey() }),
    ]);
    onBooked();
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Book {formatSlot(slot.start, zone)}</DialogTitle>
        <DialogDescription>
          Until {formatTime(slot.end, zone)}, with {host.name}.
        </DialogDescription>
      </DialogHeader>
      <LeadPicker value={lead} onChange={setLead} error={errors.leadId?.message} />
      <FormField id="book-title" label={<>Title <span className="font-normal text-muted-foreground">(optional)</span></>} hint={lead ? `Empty means “Meeting with ${lead.name}”.` : undefined} error={errors.title?.message}>
        <Input autoComplete="off" {...register("title")} />
      </FormField>
      <FormField id="book-notes" label={<>Notes <span className="font-normal text-muted-foreground">(optional)</span></>} error={errors.notes?.message}>
        <Textarea rows={2} {...register("notes")} />
      </FormField>
      <FormError message={errors.startsAt?.message ?? errors.userId?.message ?? errors.root?.server?.message} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={isSubmitting}>Book</SubmitButton>
      </DialogFooter>
    </form>
  );
}

/** Finds a lead by name, email, phone or company; the chosen one shows with a "Change" button. */
export function LeadPicker({
  value,
  onChange,
  error,
}: {
  value: ChosenLead | null;
  onChange: (lead: ChosenLead | null) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debounced = useDebouncedValue(search.trim());
  const results = useQuery({
    ...trpc.leads.list.queryOptions({ limit: 6, search: debounced || undefined }),
    enabled: value === null,
  });

  if (value) {
    return (
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Lead</legend>
        <div className="flex items-center justify-between gap-2 rounded-md border bg-muted/40 px-3 py-2 text-sm">
          <span className="font-medium" data-testid="chosen-lead">
            {value.name}
          </span>
          <Button variant="ghost" size="sm" onClick={() => onChange(null)}>
            Change
          </Button>
        </div>
        {error ? <p className="text-xs font-medium text-destructive">{error}</p> : null}
      </fieldset>
    );
  }

  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Lead</legend>
      <SearchInput label="Search leads to book" placeholder="Search leads" value={search} onChange={setSearch} className="max-w-none" />
      <ul className="grid max-h-48 gap-1 overflow-y-auto" aria-label="Matching leads">
        {results.isPending ? (
          <li className="px-2 py-1 text-sm text-muted-foreground">Searching…</li>
        ) : results.isError ? (
          <li className="px-2 py-1 text-sm text-destructive">Leads could not be loaded: {results.error.message}</li>
        ) : results.data.items.length === 0 ? (
          <li className="px-2 py-1 text-sm text-muted-foreground">No lead matches.</li>
        ) : (
          results.data.items.map((lead) => (
            <li key={lead.id}>
              <button
                type="button"
                onClick={() => onChange({ id: lead.id, name: lead.name })}
                className="flex w-full items-baseline gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
              >
                <span className="font-medium">{lead.name}</span>
                <span className="truncate text-xs text-muted-foreground">{lead.email ?? lead.phone ?? ""}</span>
              </button>
            </li>
          ))
        )}
      </ul>
      <p className="text-xs text-muted-foreground">Optional: a booking can also be made without a lead.</p>
      {error ? <p className="text-xs font-medium text-destructive">{error}</p> : null}
    </fieldset>
  );
}
