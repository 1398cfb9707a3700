"use client";

import { useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { FileSpreadsheetIcon, UploadIcon } from "lucide-react";

import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "@/schemas/imports";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes, formatCount } from "./import-format";

/** What the browser can tell before uploading: the name's extension and the size. */
export function checkImportFile(file: File): string | null {
  const extension = file.name.toLowerCase().split(".").pop();
  if (extension === "xls") return "Old Excel files (.xls) cannot be read; save the sheet as .xlsx or CSV and choose that.";
  if (extension !== "csv" && extension !== "xlsx") return "Choose a .csv or .xlsx file.";
  if (file.size === 0) return "The file is empty.";
  if (file.size > IMPORT_MAX_BYTES) return `The file is ${formatBytes(file.size)}; files up to ${formatBytes(IMPORT_MAX_BYTES)} can be imported.`;
  return null;
}

interface SignedUpload {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** PUTs the file to its signed URL; XMLHttpRequest because fetch cannot report upload progress. */
function putFile(upload: SignedUpload, file: File, onProgress: (pct: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress((event.loaded / event.total) * 100);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let reason = "";
      try {
        reason = (JSON.parse(xhr.responseText) as { error?: string }).error ?? "";
      } catch {
        // Not JSON (e.g. an S3 XML error): the status says enough.
      }
      reject(new Error(`The upload was refused (${xhr.status})${reason ? `: ${reason}` : ""}. Choose the file again.`));
    };
    xhr.onerror = () => reject(new Error("The upload did not reach the server; check the connection and try again."));
    xhr.send(file);
  });
}

/** Step 1: choose a CSV or XLSX file and upload it; the import is created once the bytes have arrived. */
export function ChooseFileStep({ onCreated }: { onCreated: (id: number) => void }) {
  const trpc = useTRPC();
  const createUpload = useMutation(trpc.imports.createUpload.mutationOptions());
  const create = useMutation(trpc.imports.create.mutationOptions());
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [uploadPct, setUploadPct] = useState<number | null>(null);

  function choose(event: React.ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFormError(undefined);
    setFile(chosen);
    setFileError(chosen ? (checkImportFile(chosen) ?? undefined) : undefined);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file) {
      setFileError("Choose a file to import.");
      inputRef.current?.focus();
      return;
    }
    const problem = checkImportFile(file);
    if (problem) {
      setFileError(problem);
      inputRef.current?.focus();
      return;
    }
    setFormError(undefined);
    setUploadPct(0);
    try {
      const { key, upload } = await createUpload.mutateAsync({ fileName: file.name, contentType: file.type, size: file.size });
      await putFile(upload, file, setUploadPct);
      setUploadPct(100);
      const created = await create.mutateAsync({ key, fileName: file.name });
      onCreated(created.id);
    } catch (e) {
      setUploadPct(null);
      setFormError(e instanceof Error && e.message ? e.message : "The file could not be uploaded. Please try again.");
    }
  }

  const uploading = uploadPct !== null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Import leads from a file</CardTitle>
        <CardDescription>
          A CSV or Excel (.xlsx) file up to {formatBytes(IMPORT_MAX_BYTES)} and {formatCount(IMPORT_MAX_ROWS)} rows, with a header row. You
          check how its columns fill the leads before anything is imported.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate onSubmit={(event) => void submit(event)} className="grid gap-4">
          <FormField id="import-file" label="File" error={fileError} hint={file ? undefined : "Choose a .csv or .xlsx file."}>
            <Input
              ref={inputRef}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={uploading}
              onChange={choose}
            />
          </FormField>
          {file ? (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <FileSpreadsheetIcon className="size-4" aria-hidden="true" />
              <span className="font-medium text-foreground">{file.name}</span>
              <span>{formatBytes(file.size)}</span>
            </p>
          ) : null}
          {uploading ? (
            <div className="grid gap-1">
              <p className="text-sm" role="status">
                {uploadPct < 100 ? "Uploading…" : "Upload complete, preparing the import…"}
              </p>
              <ProgressBar value={uploadPct} label="Upload progress" />
            </div>
          ) : null}
          <FormError message={formError} />
          <div>
            <SubmitButton pending={uploading} disabled={uploading || Boolean(fileError)}>
              <UploadIcon aria-hidden="true" />
              Upload and preview
            </SubmitButton>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
