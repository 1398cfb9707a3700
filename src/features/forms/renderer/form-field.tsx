"use client";

import type { AnswerValue } from "@/lib/forms/logic";
import type { FormField } from "@/schemas/forms";
import { controlClasses } from "@/components/ui/input";
import { cn } from "@/lib/utils";

export interface FieldProps {
  field: FormField;
  value: AnswerValue;
  error: string | undefined;
  onChange: (value: AnswerValue) => void;
  /** File fields: the visitor's uploads by id (name and size), and the upload itself. */
  files?: Record<string, { fileName: string; sizeBytes: number }>;
  onFile?: (file: File) => void;
  uploading?: boolean;
  disabled?: boolean;
  /** Card forms: the field's label is the card's heading. */
  headingLevel?: "h2" | null;
}

const ids = (key: string) => ({ input: `field-${key}`, help: `field-${key}-help`, error: `field-${key}-error` });

/** One question, labelled and described for screen readers: help and error text linked by aria-describedby. */
export function FormFieldView({ field, value, error, onChange, files, onFile, uploading, disabled }: FieldProps) {
  const id = ids(field.key);
  const describedBy = [field.help ? id.help : null, error ? id.error : null].filter(Boolean).join(" ") || undefined;
  const common = { id: id.input, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined, "aria-required": field.required || undefined, disabled };
  const help = field.help ? (
    <p id={id.help} className="text-sm text-muted-foreground">
      {field.help}
    </p>
  ) : null;
  const errorText = error ? (
    <p id={id.error} className="text-sm font-medium text-destructive">
      {error}
    </p>
  ) : null;
  const label = (
    <>
      {field.label}
      {field.required ? <span aria-hidden="true"> *</span> : null}
    </>
  );
  const text = typeof value === "string" || typeof value === "number" ? String(value) : "";

  if (field.type === "single_choice" || field.type === "multiple_choice" || field.type === "rating") {
    const multiple = field.type === "multiple_choice";
    const options = field.type === "rating" ? Array.from({ length: Math.min(10, field.max ?? 5) }, (_, i) => String(i + 1)) : (field.options ?? []);
    const picked = Array.isArray(value) ? value : value === undefined || value === null ? [] : [String(value)];
    return (
      <fieldset className="space-y-2" aria-describedby={describedBy} aria-invalid={error ? true : undefined} disabled={disabled}>
        <legend className="mb-2 text-base font-medium">{label}</legend>
        {help}
        <div className={cn(field.type === "rating" ? "flex flex-wrap gap-2" : "space-y-2")}>
          {options.map((option, i) => {
            const checked = picked.includes(option);
            return (
              <label
                key={option}
                className={cn(
                  "flex min-h-11 cursor-pointer items-center gap-3 rounded-md border border-input bg-card px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                  checked && "border-primary bg-primary/5",
                  field.type === "rating" && "min-w-11 justify-center",
                )}
              >
                <input
                  type={multiple ? "checkbox" : "radio"}
                  name={field.key}
                  value={option}
                  checked={checked}
                  id={i === 0 ? id.input : undefined}
                  className={cn("size-4 accent-primary", field.type === "rating" && "sr-only")}
                  onChange={(e) => {
                    if (!multiple) onChange(field.type === "rating" ? Number(option) : option);
                    else onChange(e.target.checked ? [...picked, option] : picked.filter((p) => p !== option));
                  }}
                />
                {field.type === "rating" ? (
                  <span>
                    <span aria-hidden="true">{"★".repeat(i + 1)}</span>
                    <span className="sr-only">{`${option} of ${options.length} stars`}</span>
                  </span>
                ) : (
                  option
                )}
              </label>
            );
          })}
        </div>
        {errorText}
      </fieldset>
    );
  }

  if (field.type === "checkbox" || field.type === "consent") {
    return (
      <div className="space-y-2">
        <label htmlFor={id.input} className="flex min-h-11 cursor-pointer items-start gap-3 text-sm">
          <input type="checkbox" {...common} className="mt-0.5 size-5 shrink-0 accent-primary" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <span>
            {field.type === "consent" ? (
              <>
                <span className="block font-medium">{label}</span>
                <span className="block text-muted-foreground">{field.consentText}</span>
              </>
            ) : (
              label
            )}
          </span>
        </label>
        {help}
        {errorText}
      </div>
    );
  }

  if (field.type === "file") {
    const uploaded = Array.isArray(value) ? value : [];
    return (
      <div className="space-y-2">
        <label htmlFor={id.input} className="block text-base font-medium">
          {label}
        </label>
        {help}
        <input
          type="file"
          {...common}
          disabled={disabled || uploading || !onFile}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-card file:px-3 file:py-2"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file && onFile) onFile(file);
            e.target.value = "";
          }}
        />
        {uploading ? <p className="text-sm text-muted-foreground" role="status">Uploading…</p> : null}
        {uploaded.length ? (
          <ul className="space-y-1 text-sm">
            {uploaded.map((uploadId) => (
              <li key={uploadId} className="flex items-center justify-between gap-2 rounded-md bg-muted px-3 py-2">
                <span className="truncate">{files?.[uploadId]?.fileName ?? "File"}</span>
                <button type="button" className="text-primary underline-offset-4 hover:underline" onClick={() => onChange(uploaded.filter((u) => u !== uploadId))}>
                  Remove<span className="sr-only"> {files?.[uploadId]?.fileName}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {errorText}
      </div>
    );
  }

  const inputType = { email: "email", phone: "tel", number: "number", date: "date" }[field.type as string] ?? "text";
  const autoComplete =
    field.mapsTo?.kind === "lead"
      ? { name: "name", email: "email", phone: "tel", company: "organization", position: "organization-title" }[field.mapsTo.field]
      : field.type === "email"
        ? "email"
        : field.type === "phone"
          ? "tel"
          : undefined;
  return (
    <div className="space-y-2">
      <label htmlFor={id.input} className="block text-base font-medium">
        {label}
      </label>
      {help}
      {field.type === "long_text" ? (
        <textarea {...common} className={cn(controlClasses, "min-h-28 py-2 text-base sm:text-sm")} value={text} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          type={inputType}
          {...common}
          autoComplete={autoComplete}
          inputMode={field.type === "number" ? "decimal" : undefined}
          className={cn(controlClasses, "h-11 py-1 text-base sm:text-sm")}
          value={text}
          onChange={(e) => onChange(field.type === "number" && e.target.value !== "" && Number.isFinite(Number(e.target.value)) ? Number(e.target.value) : e.target.value)}
        />
      )}
      {errorText}
    </div>
  );
}
