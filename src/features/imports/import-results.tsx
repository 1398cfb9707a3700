"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DownloadIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount, type LeadImport } from "./import-format";

const FIRST_ISSUES = 20;

/** Opens the report of refused and skipped rows (a signed URL the server answers with the CSV as an attachment). */
export function DownloadReportButton({ id, size, label }: { id: number; size?: "sm" | "default"; label?: string }) {
  const trpc = useTRPC();
  const download = useMutation(trpc.imports.downloadReport.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid justify-items-start gap-1">
      <Button
        type="button"
        variant="outline"
        size={size}
        aria-label={label}
        disabled={download.isPending}
        onClick={async () => {
          setError(null);
          try {
            const { url } = await download.mutateAsync({ id });
            window.location.assign(url);
          } catch (e) {
            setError(e instanceof Error ? e.message : "The report could not be downloaded.");
          }
        }}
      >
        <DownloadIcon aria-hidden="true" />
        Download report
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function ImportCounts({ record }: { record: LeadImport }) {
  const counts = [
    { label: "Created", value: record.createdCount },
    { label: "Updated", value: record.updatedCount },
    { label: "Skipped", value: record.skippedCount },
    { label: "Not imported", value: record.errorCount },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Import results">
      {counts.map((count) => (
        <div key={count.label} className="rounded-lg border bg-card p-3">
          <dt className="text-xs text-muted-foreground">{count.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums">{formatCount(count.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The completed import: counts, the first lines of its report and the report's download. */
export function ImportResults({ record }: { record: LeadImport }) {
  const trpc = useTRPC();
  const withIssues = record.errorCount + record.skippedCount > 0;
  const issues = useQuery(trpc.imports.issues.queryOptions({ id: record.id, limit: FIRST_ISSUES }, { enabled: withIssues }));
  const items = issues.data?.items ?? [];

  return (
    <div className="grid gap-4">
      <ImportCounts record={record} />
      {withIssues ? (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted-foreground">
              {formatCount(record.errorCount + record.skippedCount)} rows were not imported as they are. The report lists each one with the
              column and the reason.
            </p>
            <DownloadReportButton id={record.id} />
          </div>
          <Table>
            <TableCaption>
              {issues.data?.nextCursor ? `The first ${FIRST_ISSUES} rows of the report` : "Rows not imported or skipped"}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Row</TableHead>
                <TableHead>Column</TableHead>
                <TableHead>Value</TableHead>
                <TableHead>Result</TableHead>
                <TableHead>Reason</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {issues.isPending ? (
                <TableSkeletonRows columns={5} rows={3} label="Loading the report" />
              ) : issues.isError ? (
                <TableMessageRow columns={5} tone="error">
                  The report could not be loaded: {issues.error.message}
                </TableMessageRow>
              ) : (
                items.map((issue) => (
                  <TableRow key={issue.id}>
                    <TableCell className="tabular-nums">{issue.rowNumber}</TableCell>
                    <TableCell>{issue.column ?? "—"}</TableCell>
                    <TableCell className="max-w-48 truncate font-mono text-xs" title={issue.value ?? undefined}>
                      {issue.value ?? ""}
                    </TableCell>
                    <TableCell>{issue.kind === "error" ? "Not imported" : "Skipped"}</TableCell>
                    <TableCell className="text-sm">{issue.reason}</TableCell>
                  </TableRow>
                ))
              )}
            </TableBody>
          </Table>
        </>
      ) : (
        <p className="text-sm text-muted-foreground">Every row was imported.</p>
      )}
      <p className="text-sm">
        <Link href="/leads" className="text-primary underline-offset-4 hover:underline">
          See the leads
        </Link>
      </p>
    </div>
  );
}
