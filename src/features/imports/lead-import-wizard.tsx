"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleAlertIcon, Loader2Icon, RotateCcwIcon, UploadIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { ChooseFileStep } from "./choose-file-step";
import { formatCount, importHref, isTransient, type LeadImport } from "./import-format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ImportResults } from "./import-results";
import { MappingStep } from "./mapping-step";

const POLL_MS = 1_000;

/**
 * The import of one file, step by step: choose and upload, the file is read (analysis job), a sheet is picked
 * when the workbook has several, the columns are mapped, the import job runs, the results. The import's id sits
 * in the URL (?id=), so a reload or a link from the list comes back to the same step.
 */
export function LeadImportWizard({ initialId }: { initialId: number | null }) {
  const router = useRouter();
  const [importId, setImportId] = useState(initialId);

  function open(id: number | null) {
    setImportId(id);
    router.replace(id === null ? "/leads/import" : importHref(id), { scroll: false });
  }

  if (importId === null) return <ChooseFileStep onCreated={open} />;
  return <ImportSteps id={importId} onRestart={() => open(null)} />;
}

function ImportSteps({ id, onRestart }: { id: number; onRestart: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(
    trpc.imports.get.queryOptions({ id }, { refetchInterval: (q) => (isTransient(q.state.data?.status) ? POLL_MS : false) }),
  );
  const status = query.data?.status;

  // The list below shows the same import: refresh it whenever this one changes state.
  useEffect(() => {
    if (status) void queryClient.invalidateQueries({ queryKey: trpc.imports.list.pathKey() });
  }, [status, queryClient, trpc]);

  if (query.isPending) {
    return (
      <Card>
        <CardContent className="grid gap-3 py-6" role="status" aria-label="Loading the import">
          <Skeleton className="h-5 w-64" />
          <Skeleton className="h-4 w-full" />
        </CardContent>
      </Card>
    );
  }
  if (query.isError) {
    return (
      <div className="grid gap-3">
        <QueryError what="This import" error={query.error} />
        <div>
          <Button variant="outline" onClick={onRestart}>
            Import a file
          </Button>
        </div>
      </div>
    );
  }

  const record = query.data;
  switch (record.status) {
    case "analyzing":
      return (
        <StepCard record={record} title="Reading file…" description="Checking the file and preparing a preview of its columns.">
          <ProgressBar value={record.progress} label="Reading progress" />
        </StepCard>
      );
    case "needs_sheet":
      return <SheetStep record={record} />;
    case "ready":
      return <MappingStep key={record.sheetName ?? ""} record={record} />;
    case "queued":
    case "running":
      return (
        <StepCard
          record={record}
          title={record.status === "queued" ? "Waiting to start…" : "Importing…"}
          description={`${formatCount(record.processedRows)} of ${formatCount(record.totalRows ?? 0)} rows done. You can leave this page; the import goes on.`}
        >
          <ProgressBar value={record.progress} label="Import progress" />
        </StepCard>
      );
    case "completed":
      return (
        <StepCard record={record} title="Import complete" description={`${formatCount(record.totalRows ?? 0)} rows read.`}>
          <div className="grid gap-4">
            <ProgressBar value={100} label="Import progress" />
            <ImportResults record={record} />
            <div>
              <Button variant="outline" onClick={onRestart}>
                <UploadIcon aria-hidden="true" />
                Import another file
              </Button>
            </div>
          </div>
        </StepCard>
      );
    case "failed":
      return <FailedStep record={record} onRestart={onRestart} />;
  }
}

function StepCard({ record, title, description, children }: { record: LeadImport; title: string; description: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>
          {record.fileName} · {description}
        </CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function SheetStep({ record }: { record: LeadImport }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const select = useMutation(trpc.imports.selectSheet.mutationOptions());
  const [sheet, setSheet] = useState("");
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState<string>();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(undefined);
    if (!sheet) return setFieldError("Choose a sheet");
    setFieldError(undefined);
    try {
      const next = await select.mutateAsync({ id: record.id, sheetName: sheet });
      queryClient.setQueryData(trpc.imports.get.queryKey({ id: record.id }), next);
    } catch (e) {
      setFormError(e instanceof Error ? e.message : "The sheet could not be chosen. Please try again.");
    }
  }

  return (
    <StepCard record={record} title="Choose a sheet" description={`The workbook has ${record.sheetNames.length} sheets; leads are imported from one.`}>
      <form noValidate onSubmit={(event) => void submit(event)} className="grid gap-4">
        <FormField id="import-sheet" label="Sheet" error={fieldError} className="max-w-xs">
          <Select value={sheet} onValueChange={setSheet}>
            <SelectTrigger>
              <SelectValue placeholder="Choose a sheet" />
            </SelectTrigger>
            <SelectContent>
              {record.sheetNames.map((name) => (
                <SelectItem key={name} value={name}>
                  {name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <FormError message={formError} />
        <div>
          <SubmitButton pending={select.isPending}>Use this sheet</SubmitButton>
        </div>
      </form>
    </StepCard>
  );
}

function FailedStep({ record, onRestart }: { record: LeadImport; onRestart: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resume = useMutation(trpc.imports.resume.mutationOptions());
  const [error, setError] = useState<string>();
  // Stopped while importing: its checkpoint is kept and it can go on. Otherwise the file itself was the problem.
  const resumable = record.startedAt !== null;

  return (
    <StepCard record={record} title={resumable ? "The import stopped" : "This file cannot be imported"} description={record.fileName}>
      <div className="grid gap-4">
        <Alert variant="destructive">
          <CircleAlertIcon aria-hidden="true" />
          <AlertTitle>{record.error ?? "The import failed."}</AlertTitle>
          <AlertDescription>
            {resumable
              ? `${formatCount(record.processedRows)} of ${formatCount(record.totalRows ?? 0)} rows were imported. Resume to continue from there: no row is imported twice.`
              : "Nothing was imported. Fix the file (or save it again as CSV or .xlsx) and upload it again."}
          </AlertDescription>
        </Alert>
        {resumable ? <ProgressBar value={record.progress} label="Import progress" /> : null}
        <FormError message={error} />
        <div className="flex flex-wrap gap-2">
          {resumable ? (
            <Button
              disabled={resume.isPending}
              onClick={async () => {
                setError(undefined);
                try {
                  const next = await resume.mutateAsync({ id: record.id });
                  queryClient.setQueryData(trpc.imports.get.queryKey({ id: record.id }), next);
                } catch (e) {
                  setError(e instanceof Error ? e.message : "The import could not be resumed.");
                }
              }}
            >
              {resume.isPending ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : <RotateCcwIcon aria-hidden="true" />}
              Resume import
            </Button>
          ) : null}
          <Button variant="outline" onClick={onRestart}>
            <UploadIcon aria-hidden="true" />
            {resumable ? "Import another file" : "Choose another file"}
          </Button>
        </div>
      </div>
    </StepCard>
  );
}
