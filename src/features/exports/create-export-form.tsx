"use client";

import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";

import { createExportSchema, WORKSPACE_EXPORT_DATASETS, type ExportDataset } from "@/schemas/exports";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { applyServerErrors } from "@/lib/server-errors";

type ExportFormValues = z.input<typeof createExportSchema>;
const EXPORT_FIELDS = ["datasets", "format", "includePdfSummary"] as const;
export const DATASET_LABELS: Record<ExportDataset, string> = { leads: "Leads", bookings: "Bookings", contacts: "Contacts", form_submissions: "Form submissions" };

/** Starts an export; one dataset without a summary is a single file, anything more a ZIP. */
export function CreateExportForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.exports.create.mutationOptions());
  const {
    control,
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ExportFormValues, unknown, z.output<typeof createExportSchema>>({
    resolver: zodResolver(createExportSchema),
    defaultValues: { datasets: ["leads"], format: "csv", includePdfSummary: false },
  });

  async function onSubmit(values: z.output<typeof createExportSchema>) {
    try {
      await create.mutateAsync(values);
    } catch (error) {
      applyServerErrors(error, setError, EXPORT_FIELDS);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.exports.list.pathKey() });
    reset(values);
  }

  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle>New export</CardTitle>
        <CardDescription>The file is kept for 7 days; you can follow its progress below.</CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-4">
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Data</legend>
            <Controller
              control={control}
              name="datasets"
              render={({ field }) => (
                <div className="flex flex-wrap gap-4">
                  {WORKSPACE_EXPORT_DATASETS.map((dataset) => {
                    const selected = field.value ?? [];
                    return (
                      <div key={dataset} className="flex items-center gap-2">
                        <Checkbox
                          id={`export-dataset-${dataset}`}
                          checked={selected.includes(dataset)}
                          aria-invalid={errors.datasets ? true : undefined}
                          onCheckedChange={(checked) =>
                            field.onChange(checked ? [...selected, dataset] : selected.filter((d) => d !== dataset))
                          }
                        />
                        <Label htmlFor={`export-dataset-${dataset}`}>{DATASET_LABELS[dataset]}</Label>
                      </div>
                    );
                  })}
                </div>
              )}
            />
            {errors.datasets?.message ? <p className="text-sm text-destructive">{errors.datasets.message}</p> : null}
          </fieldset>

          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Format</legend>
            <div className="flex gap-4">
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" value="csv" {...register("format")} /> CSV
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" value="xlsx" {...register("format")} /> Excel (XLSX)
              </label>
            </div>
            {errors.format?.message ? <p className="text-sm text-destructive">{errors.format.message}</p> : null}
          </fieldset>

          <Controller
            control={control}
            name="includePdfSummary"
            render={({ field }) => (
              <div className="flex items-center gap-2">
                <Checkbox id="export-pdf-summary" checked={field.value ?? false} onCheckedChange={(c) => field.onChange(c === true)} />
                <Label htmlFor="export-pdf-summary">Include a PDF summary (counts per dataset and status)</Label>
              </div>
            )}
          />

          <FormError message={errors.root?.server?.message} />
          <div>
            <SubmitButton pending={isSubmitting}>Start export</SubmitButton>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
