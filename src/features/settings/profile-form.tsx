"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheckIcon } from "lucide-react";
import type { z } from "zod";

import { profileSchema } from "@/schemas/auth";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { applyServerErrors } from "@/lib/server-errors";
import { browserTimeZone } from "@/lib/time";
import { TimeZoneSelect } from "./time-zone-select";

type ProfileValues = z.input<typeof profileSchema>;
const PROFILE_FIELDS = ["name", "company", "timezone"] as const;

/** Loads the profile, then shows the form with it. */
export function ProfileSection() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());

  if (me.isPending) return <ProfileFormSkeleton />;
  if (me.isError) return <FormError message={`Your profile could not be loaded: ${me.error.message}`} />;

  // company and timezone are read when auth.me carries them; until then the browser's zone is offered.
  const profile: typeof me.data & { company?: string | null; timezone?: string | null } = me.data;
  return (
    <ProfileForm
      email={profile.email}
      withCompany={profile.kind === "user"}
      defaults={{
        name: profile.name,
        company: profile.company ?? "",
        timezone: profile.timezone || browserTimeZone(),
      }}
    />
  );
}

function ProfileForm({ email, withCompany, defaults }: { email: string; withCompany: boolean; defaults: ProfileValues }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const updateProfile = useMutation(trpc.auth.updateProfile.mutationOptions());
  const [saved, setSaved] = useState(false);
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<ProfileValues, unknown, z.output<typeof profileSchema>>({
    resolver: zodResolver(profileSchema),
    defaultValues: defaults,
  });

  async function onSubmit(values: z.output<typeof profileSchema>) {
    setSaved(false);
    try {
      await updateProfile.mutateAsync({ ...values, company: values.company || undefined });
    } catch (error) {
      applyServerErrors(error, setError, PROFILE_FIELDS);
      return;
    }
    reset(values);
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    // The shell (account menu, greeting) is rendered on the server: refresh it with the new name.
    router.refresh();
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid max-w-xl gap-5">
      <FormField id="profile-email" label="Email" hint="Your sign-in email cannot be changed here.">
        <Input value={email} readOnly disabled />
      </FormField>

      <FormField id="profile-name" label="Full name" error={errors.name?.message}>
        <Input autoComplete="name" {...register("name")} />
      </FormField>

      {withCompany ? (
        <FormField
          id="profile-company"
          label={
            <>
              Company <span className="font-normal text-muted-foreground">(optional)</span>
            </>
          }
          error={errors.company?.message}
        >
          <Input autoComplete="organization" {...register("company")} />
        </FormField>
      ) : null}

      <Controller
        control={control}
        name="timezone"
        render={({ field }) => (
          <FormField
            id="profile-timezone"
            label="Time zone"
            hint="Used for bookings, reminders and the times you see."
            error={errors.timezone?.message}
          >
            <TimeZoneSelect
              value={field.value}
              onValueChange={field.onChange}
              onBlur={field.onBlur}
              ref={field.ref}
              name={field.name}
            />
          </FormField>
        )}
      />

      <FormError message={errors.root?.server?.message} />
      {saved && !isDirty ? (
        <Alert variant="success">
          <CircleCheckIcon aria-hidden="true" />
          <AlertDescription>Your profile was saved.</AlertDescription>
        </Alert>
      ) : null}

      <div>
        <SubmitButton pending={isSubmitting} disabled={isSubmitting || !isDirty}>
          Save changes
        </SubmitButton>
      </div>
    </form>
  );
}

function ProfileFormSkeleton() {
  return (
    <div className="grid max-w-xl gap-6" role="status" aria-label="Loading your profile">
      {[0, 1, 2, 3].map((row) => (
        <div key={row} className="grid gap-2">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-9 w-full" />
        </div>
      ))}
    </div>
  );
}
