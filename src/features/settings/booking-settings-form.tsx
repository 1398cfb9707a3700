"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheckIcon } from "lucide-react";
import type { z } from "zod";

import { bookingSettingsSchema } from "@/schemas/users";
import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { applyServerErrors } from "@/lib/server-errors";

type BookingSettingsValues = z.input<typeof bookingSettingsSchema>;
const BOOKING_FIELDS = ["slotMinutes", "bufferBeforeMin", "bufferAfterMin", "minNoticeMinutes", "maxPerDay"] as const;

/** An empty box reads as NaN, which the schema refuses; say so in words rather than zod's. */
function numberMessage(message: string | undefined) {
  if (!message) return undefined;
  return /expected number/i.test(message) ? "Enter a whole number" : message;
}

const asNumber = (value: unknown) => (value === "" ? Number.NaN : Number(value));
const asOptionalNumber = (value: unknown) => (value === "" || value === null ? null : Number(value));

/** Loads the signed-in person's booking settings, then shows the form with them. */
export function BookingSettingsSection() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.users.myBookingSettings.queryOptions());

  if (settings.isPending) return <BookingSettingsSkeleton />;
  if (settings.isError) return <QueryError what="Your booking settings" error={settings.error} />;
  return <BookingSettingsForm defaults={settings.data} />;
}

function BookingSettingsForm({ defaults }: { defaults: BookingSettingsValues }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.users.updateMyBookingSettings.mutationOptions());
  const [saved, setSaved] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<BookingSettingsValues, unknown, z.output<typeof bookingSettingsSchema>>({
    resolver: zodResolver(bookingSettingsSchema),
    defaultValues: defaults,
  });

  async function onSubmit(values: z.output<typeof bookingSettingsSchema>) {
    setSaved(false);
    try {
      await update.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, setError, BOOKING_FIELDS);
      return;
    }
    reset(values);
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: trpc.users.myBookingSettings.queryKey() });
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid max-w-xl gap-5">
      <FormField
        id="booking-slot-minutes"
        label="Appointment length (minutes)"
        hint="How long each bookable slot is."
        error={numberMessage(errors.slotMinutes?.message)}
      >
        <Input type="number" inputMode="numeric" min={5} max={480} {...register("slotMinutes", { setValueAs: asNumber })} />
      </FormField>

      <div className="grid gap-5 sm:grid-cols-2">
        <FormField
          id="booking-buffer-before"
          label="Buffer before (minutes)"
          error={numberMessage(errors.bufferBeforeMin?.message)}
        >
          <Input type="number" inputMode="numeric" min={0} max={240} {...register("bufferBeforeMin", { setValueAs: asNumber })} />
        </FormField>
        <FormField
          id="booking-buffer-after"
          label="Buffer after (minutes)"
          error={numberMessage(errors.bufferAfterMin?.message)}
        >
          <Input type="number" inputMode="numeric" min={0} max={240} {...register("bufferAfterMin", { setValueAs: asNumber })} />
        </FormField>
      </div>

      <FormField
        id="booking-min-notice"
        label="Minimum notice (minutes)"
        hint="How far ahead a lead must book. 1440 is one day."
        error={numberMessage(errors.minNoticeMinutes?.message)}
      >
        <Input type="number" inputMode="numeric" min={0} {...register("minNoticeMinutes", { setValueAs: asNumber })} />
      </FormField>

      <FormField
        id="booking-max-per-day"
        label={
          <>
            Most bookings per day <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint="Leave empty for no daily limit."
        error={numberMessage(errors.maxPerDay?.message)}
      >
        <Input type="number" inputMode="numeric" min={1} max={100} {...register("maxPerDay", { setValueAs: asOptionalNumber })} />
      </FormField>

      <FormError message={errors.root?.server?.message} />
      {saved && !isDirty ? (
        <Alert variant="success">
          <CircleCheckIcon aria-hidden="true" />
          <AlertDescription>Your booking settings were saved.</AlertDescription>
        </Alert>
      ) : null}

      <div>
        <SubmitButton pending={isSubmitting} disabled={isSubmitting || !isDirty}>
          Save booking settings
        </SubmitButton>
      </div>
    </form>
  );
}

function BookingSettingsSkeleton() {
  return (
    <div className="grid max-w-xl gap-6" role="status" aria-label="Loading your booking settings">
      {[0, 1, 2, 3].map((row) => (
        <div key={row} className="grid gap-2">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-9 w-full" />
        </div>
      ))}
    </div>
  );
}
