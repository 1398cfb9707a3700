"use client";

import { useMemo, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlayIcon } from "lucide-react";

import {
  CUSTOM_FIELD_PREFIX,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  importMappingSchema,
  type ImportTarget,
} from "@/schemas/imports";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { MemberSelect } from "@/features/crm/member-select";
import { StrategySelect } from "@/features/strategies/strategy-select";
import { formatCount, type LeadImport } from "./import-format";

const IGNORE = "ignore";
const NONE = "none";
const SAMPLES = 3;

/** The custom field a column would fill: its header, cut down to what a custom field name may hold. */
function customTargetOf(header: string): string | null {
  const name = header.replace(/[^\p{L}\p{N} _.-]+/gu, " ").replace(/\s+/g, " ").trim().slice(0, 60).trim();
  return name ? `${CUSTOM_FIELD_PREFIX}${name}` : null;
}

function targetLabel(target: string): string {
  if (target === IGNORE) return "Don't import";
  if (target.startsWith(CUSTOM_FIELD_PREFIX)) return `Custom field: ${target.slice(CUSTOM_FIELD_PREFIX.length)}`;
  return IMPORT_FIELD_LABELS[target as keyof typeof IMPORT_FIELD_LABELS] ?? target;
}

/** The analysis's suggestion, with every column present ("ignore" where it suggested nothing). */
function initialMapping(record: LeadImport): Record<string, string> {
  const suggested = (record.mapping ?? {}) as Record<string, string>;
  return Object.fromEntries(record.headers.map((_, i) => [String(i), suggested[String(i)] ?? IGNORE]));
}

/** Messages about single columns (by column index) and about the mapping as a whole. */
function mappingProblems(mapping: Record<string, string>) {
  const parsed = importMappingSchema.safeParse(mapping);
  const byColumn: Record<string, string> = {};
  const general: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = issue.path[0];
      if (column !== undefined) byColumn[String(column)] ??= issue.message;
      else general.push(issue.message);
    }
  }
  return { byColumn, general };
}

function serverMessages(error: unknown): string {
  const data = (error as { data?: { zodError?: { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | null } }).data;
  const zodError = data?.zodError;
  const messages = zodError ? [...Object.values(zodError.fieldErrors ?? {}).flat(), ...(zodError.formErrors ?? [])] : [];
  if (messages.length > 0) return messages.join(" ");
  return error instanceof Error && error.message ? error.message : "The import could not start. Please try again.";
}

/** Step 3: how each column fills the leads, what to do with duplicates, owner and strategy; then start. */
export function MappingStep({ record }: { record: LeadImport }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = useMutation(trpc.imports.start.mutationOptions());
  const [mapping, setMapping] = useState(() => initialMapping(record));
  const [duplicateMode, setDuplicateMode] = useState<"skip" | "update">("skip");
  const [owner, setOwner] = useState(NONE);
  const [strategy, setStrategy] = useState(NONE);
  const [showProblems, setShowProblems] = useState(false);
  const [serverError, setServerError] = useState<string>();

  const preview = (record.previewRows ?? []) as string[][];
  const problems = useMemo(() => mappingProblems(mapping), [mapping]);
  const hasProblems = problems.general.length > 0 || Object.keys(problems.byColumn).length > 0;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setShowProblems(true);
    setServerError(undefined);
    if (hasProblems) return;
    try {
      const started = await start.mutateAsync({
        id: record.id,
        mapping: mapping as Record<string, ImportTarget>,
        duplicateMode,
        ownerId: owner === NONE ? null : Number(owner),
        strategyId: strategy === NONE ? null : Number(strategy),
      });
      queryClient.setQueryData(trpc.imports.get.queryKey({ id: record.id }), started);
      await queryClient.invalidateQueries({ queryKey: trpc.imports.list.pathKey() });
    } catch (e) {
      setServerError(serverMessages(e));
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Check the columns</CardTitle>
        <CardDescription>
          {record.fileName}
          {record.sheetName ? ` · sheet “${record.sheetName}”` : ""} · {formatCount(record.totalRows ?? 0)} rows. Choose what each column
          fills; we guessed from the headers.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form noValidate onSubmit={(event) => void submit(event)} className="grid gap-6">
          <Table>
            <TableCaption>Columns of the file and the lead field each one fills</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Column</TableHead>
                <TableHead>Sample values</TableHead>
                <TableHead className="w-64">Import as</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {record.headers.map((header, index) => {
                const column = String(index);
                const samples = preview.map((row) => row[index] ?? "").filter((v) => v.trim() !== "").slice(0, SAMPLES);
                const custom = customTargetOf(header);
                const value = mapping[column] ?? IGNORE;
                const options = [...IMPORT_FIELDS, ...(custom ? [custom] : []), IGNORE];
                if (!options.includes(value as never)) options.splice(options.length - 1, 0, value as never);
                const error = showProblems ? problems.byColumn[column] : undefined;
                const label = header.trim() || `Column ${index + 1}`;
                return (
                  <TableRow key={column}>
                    <TableCell className="font-medium">{label}</TableCell>
                    <TableCell className="max-w-72 text-xs text-muted-foreground">
                      {samples.length ? (
                        <ul className="grid gap-0.5">
                          {samples.map((sample, i) => (
                            <li key={i} className="truncate" title={sample}>
                              {sample}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span>(empty in the first rows)</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <div className="grid gap-1">
                        <Select value={value} onValueChange={(next) => setMapping((m) => ({ ...m, [column]: next }))}>
                          <SelectTrigger
                            aria-label={`Import “${label}” as`}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `import-column-${column}-error` : undefined}
                            className="w-full"
                          >
                            <SelectValue />
                          </SelectTrigger>
                          <SelectContent>
                            {options.map((target) => (
                              <SelectItem key={target} value={target}>
                                {targetLabel(target)}
                              </SelectItem>
                            ))}
                          </SelectContent>
                        </Select>
                        {error ? (
                          <p id={`import-column-${column}-error`} className="text-xs font-medium text-destructive">
                            {error}
                          </p>
                        ) : null}
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>

          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Rows that match an existing lead (same email or phone)</legend>
            <label className="flex items-start gap-2 text-sm">
              <input type="radio" name="duplicateMode" value="skip" className="mt-1" checked={duplicateMode === "skip"} onChange={() => setDuplicateMode("skip")} />
              <span>
                <span className="font-medium">Skip them</span>
                <span className="block text-muted-foreground">The existing lead stays as it is; the row is listed in the report.</span>
              </span>
            </label>
            <label className="flex items-start gap-2 text-sm">
              <input type="radio" name="duplicateMode" value="update" className="mt-1" checked={duplicateMode === "update"} onChange={() => setDuplicateMode("update")} />
              <span>
                <span className="font-medium">Update them</span>
                <span className="block text-muted-foreground">Filled cells overwrite the lead&apos;s fields; empty cells keep what it has.</span>
              </span>
            </label>
          </fieldset>

          <div className="flex flex-wrap gap-4">
            <FormField id="import-owner" label="Owner of new leads" className="w-56">
              <MemberSelect value={owner} onValueChange={setOwner} extraOptions={[{ value: NONE, label: "Nobody" }]} />
            </FormField>
            <FormField id="import-strategy" label="Strategy of new leads" className="w-56">
              <StrategySelect value={strategy} onValueChange={setStrategy} extraOptions={[{ value: NONE, label: "No strategy" }]} />
            </FormField>
          </div>

          {showProblems && problems.general.length > 0 ? <FormError message={problems.general.join(" ")} /> : null}
          <FormError message={serverError} />
          <div>
            <SubmitButton pending={start.isPending}>
              <PlayIcon aria-hidden="true" />
              Start import
            </SubmitButton>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
