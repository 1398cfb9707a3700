"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheckIcon } from "lucide-react";

import { MAX_REMINDERS, type BookingReminderSettings } from "@/schemas/bookings";
import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { serverErrorOf } from "@/lib/server-errors";

/** The reminder times a workspace chooses from, in minutes before the booking. */
const CHOICES = [
  { minutes: 7 * 24 * 60, label: "1 week before" },
  { minutes: 2 * 24 * 60, label: "2 days before" },
  { minutes: 24 * 60, label: "24 hours before" },
  { minutes: 3 * 60, label: "3 hours before" },
  { minutes: 60, label: "1 hour before" },
  { minutes: 30, label: "30 minutes before" },
  { minutes: 15, label: "15 minutes before" },
];

/** Settings › Booking: whether leads get reminders of their bookings, and when (admins change it). */
export function ReminderSettingsSection({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.bookings.reminderSettings.queryOptions());
  if (settings.isPending) return <Skeleton className="h-40 w-full max-w-xl" />;
  if (settings.isError) return <QueryError what="The reminder settings" error={settings.error} />;
  return <ReminderSettingsForm key={JSON.stringify(settings.data)} saved={settings.data} canEdit={canEdit} />;
}

function ReminderSettingsForm({ saved, canEdit }: { saved: BookingReminderSettings; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.bookings.updateReminderSettings.mutationOptions());
  const [enabled, setEnabled] = useState(saved.enabled);
  const [offsets, setOffsets] = useState<number[]>(saved.offsetsMinutes);
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const known = new Set(CHOICES.map((c) => c.minutes));
  // A time saved some other way (the API) is still listed, so saving here never drops it unseen.
  const choices = [...CHOICES, ...saved.offsetsMinutes.filter((m) => !known.has(m)).map((m) => ({ minutes: m, label: `${m} minutes before` }))].sort(
    (a, b) => b.minutes - a.minutes,
  );
  const dirty = enabled !== saved.enabled || [...offsets].sort().join() !== [...saved.offsetsMinutes].sort().join();

  function toggle(minutes: number, on: boolean) {
    setDone(false);
    setOffsets((current) => (on ? [...current, minutes] : current.filter((m) => m !== minutes)));
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(undefined);
    setDone(false);
    try {
      await update.mutateAsync({ enabled, offsetsMinutes: offsets });
    } catch (e) {
      setError(serverErrorOf(e, "offsetsMinutes") ?? serverErrorOf(e) ?? "The reminder settings were not saved. Try again.");
      return;
    }
    setDone(true);
    await queryClient.invalidateQueries({ queryKey: trpc.bookings.reminderSettings.queryKey() });
  }

  return (
    <form noValidate onSubmit={(event) => void save(event)} className="grid max-w-xl gap-5">
      <div className="flex items-center justify-between gap-4">
        <Label htmlFor="reminders-enabled" className="leading-snug">
          Remind leads of their bookings
        </Label>
        <Switch id="reminders-enabled" checked={enabled} disabled={!canEdit} onCheckedChange={(on) => (setDone(false), setEnabled(on))} />
      </div>
      <fieldset className="grid gap-3" disabled={!canEdit || !enabled}>
        <legend className="mb-2 text-sm font-medium">When (up to {MAX_REMINDERS})</legend>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {choices.map((choice) => {
            const checked = offsets.includes(choice.minutes);
            return (
              <div key={choice.minutes} className="flex min-h-11 items-center gap-3">
                <Checkbox
                  id={`reminder-${choice.minutes}`}
                  checked={checked}
                  disabled={!canEdit || !enabled || (!checked && offsets.length >= MAX_REMINDERS)}
                  onCheckedChange={(on) => toggle(choice.minutes, on === true)}
                />
                <Label htmlFor={`reminder-${choice.minutes}`} className="font-normal">
                  {choice.label}
                </Label>
              </div>
            );
          })}
        </div>
      </fieldset>
      <p className="text-sm text-muted-foreground">
        Reminders go by text message when the lead can be texted, else by email, with a link to cancel or pick another time. Text messages wait for
        the end of quiet hours, and are skipped when those end after the booking starts. Confirmations of new, moved and cancelled bookings always go out.
      </p>
      <FormError message={error} />
      {done && !dirty ? (
        <Alert variant="success">
          <CircleCheckIcon aria-hidden="true" />
          <AlertDescription>The reminder settings were saved.</AlertDescription>
        </Alert>
      ) : null}
      {canEdit ? (
        <div>
          <SubmitButton pending={update.isPending} disabled={update.isPending || !dirty}>
            Save reminder settings
          </SubmitButton>
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">Only the workspace&apos;s admins can change reminders.</p>
      )}
    </form>
  );
}
