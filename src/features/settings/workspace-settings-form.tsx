"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheckIcon } from "lucide-react";
import type { z } from "zod";

import { updateWorkspaceSchema } from "@/schemas/workspaces";
import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/server-errors";
import { TimeZoneSelect } from "./time-zone-select";

type WorkspaceValues = z.input<typeof updateWorkspaceSchema>;
const WORKSPACE_FIELDS = ["name", "description"] as const;

/** An empty optional box means "not set": leave it out rather than send "" (which the schema refuses). */
const emptyAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** The stored settings are JSON: read the two this form edits, ignoring anything else or malformed. */
function readSettings(settings: unknown): { timezone?: string; defaultRegion?: string } {
  if (typeof settings !== "object" || settings === null || Array.isArray(settings)) return {};
  const { timezone, defaultRegion } = settings as Record<string, unknown>;
  return {
    timezone: typeof timezone === "string" ? timezone : undefined,
    defaultRegion: typeof defaultRegion === "string" ? defaultRegion : undefined,
  };
}

/** Loads the workspace, then shows its settings form. */
export function WorkspaceSettingsSection() {
  const trpc = useTRPC();
  const workspace = useQuery(trpc.workspace.current.queryOptions());

  if (workspace.isPending) return <WorkspaceSettingsSkeleton />;
  if (workspace.isError) return <QueryError what="The workspace" error={workspace.error} />;
  const { name, description } = workspace.data;
  const settings = readSettings(workspace.data.settings);
  return (
    <WorkspaceSettingsForm
      defaults={{
        name,
        description: description ?? "",
        settings: { timezone: settings.timezone, defaultRegion: settings.defaultRegion ?? "" },
      }}
    />
  );
}

function WorkspaceSettingsForm({ defaults }: { defaults: WorkspaceValues }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.workspace.update.mutationOptions());
  const [saved, setSaved] = useState(false);
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<WorkspaceValues, unknown, z.output<typeof updateWorkspaceSchema>>({
    resolver: zodResolver(updateWorkspaceSchema),
    defaultValues: defaults,
  });

  async function onSubmit(values: z.output<typeof updateWorkspaceSchema>) {
    setSaved(false);
    try {
      await update.mutateAsync({ ...values, description: values.description || null });
    } catch (error) {
      applyServerErrors(error, setError, WORKSPACE_FIELDS);
      return;
    }
    reset({
      ...values,
      description: values.description ?? "",
      settings: { ...values.settings, defaultRegion: values.settings?.defaultRegion ?? "" },
    });
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: trpc.workspace.current.queryKey() });
    // The shell shows the workspace's name, rendered on the server.
    router.refresh();
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid max-w-xl gap-5">
      <FormField id="workspace-settings-name" label="Workspace name" error={errors.name?.message}>
        <Input autoComplete="organization" {...register("name")} />
      </FormField>

      <FormField
        id="workspace-settings-description"
        label={
          <>
            Description <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        error={errors.description?.message}
      >
        <Textarea rows={3} {...register("description")} />
      </FormField>

      <Controller
        control={control}
        name="settings.timezone"
        render={({ field }) => (
          <FormField
            id="workspace-settings-timezone"
            label="Workspace time zone"
            hint="Used for the workspace's business hours and reports."
            error={errors.settings?.timezone?.message}
          >
            <TimeZoneSelect
              value={field.value ?? ""}
              onValueChange={field.onChange}
              onBlur={field.onBlur}
              ref={field.ref}
              name={field.name}
            />
          </FormField>
        )}
      />

      <FormField
        id="workspace-settings-region"
        label={
          <>
            Default region <span className="font-normal text-muted-foreground">(optional)</span>
          </>
        }
        hint="Two-letter country code (such as US) used to read phone numbers written without a country code."
        error={errors.settings?.defaultRegion?.message}
      >
        <Input
          maxLength={2}
          autoCapitalize="characters"
          className="w-24 uppercase"
          {...register("settings.defaultRegion", { setValueAs: emptyAsUndefined })}
        />
      </FormField>

      <FormError message={errors.root?.server?.message} />
      {saved && !isDirty ? (
        <Alert variant="success">
          <CircleCheckIcon aria-hidden="true" />
          <AlertDescription>The workspace settings were saved.</AlertDescription>
        </Alert>
      ) : null}

      <div>
        <SubmitButton pending={isSubmitting} disabled={isSubmitting || !isDirty}>
          Save workspace
        </SubmitButton>
      </div>
    </form>
  );
}

function WorkspaceSettingsSkeleton() {
  return (
    <div className="grid max-w-xl gap-6" role="status" aria-label="Loading the workspace settings">
      {[0, 1, 2, 3].map((row) => (
        <div key={row} className="grid gap-2">
          <Skeleton className="h-4 w-32" />
          <Skeleton className="h-9 w-full" />
        </div>
      ))}
    </div>
  );
}
