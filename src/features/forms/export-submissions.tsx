"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DownloadIcon, LoaderIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { Button } from "@/components/ui/button";
import { serverErrorOf } from "@/lib/server-errors";

/**
 * Exports a form's submissions as CSV or XLSX through the workspace's export job: the file is written in the
 * background, this button follows it and offers the download once it is ready (it is also listed in Settings › Exports).
 */
export function ExportSubmissions({ formId }: { formId: number }) {
  const trpc = useTRPC();
  const [exportId, setExportId] = useState<number | null>(null);
  const create = useMutation(trpc.exports.create.mutationOptions());
  const download = useMutation(trpc.exports.download.mutationOptions());
  const job = useQuery(
    trpc.exports.get.queryOptions(
      { id: exportId ?? 1 },
      { enabled: exportId !== null, refetchInterval: (q) => (q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 1_500 : false) },
    ),
  );
  const status = exportId === null ? null : job.data?.status;

  async function start(format: "csv" | "xlsx") {
    const created = await create.mutateAsync({ datasets: ["form_submissions"], format, includePdfSummary: false, formId }).catch(() => null);
    if (created) setExportId(created.id);
  }

  return (
    <div className="grid justify-items-start gap-1 sm:justify-items-end">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="outline" onClick={() => void start("csv")} disabled={create.isPending || status === "queued" || status === "running"}>
          <DownloadIcon aria-hidden="true" />
          Export CSV
        </Button>
        <Button size="sm" variant="outline" onClick={() => void start("xlsx")} disabled={create.isPending || status === "queued" || status === "running"}>
          <DownloadIcon aria-hidden="true" />
          Export Excel
        </Button>
      </div>
      <p role="status" aria-live="polite" className="text-xs text-muted-foreground">
        {create.error ? (
          <span className="text-destructive">{serverErrorOf(create.error)}</span>
        ) : status === "queued" || status === "running" ? (
          <span className="flex items-center gap-1">
            <LoaderIcon className="size-3 animate-spin" aria-hidden="true" />
            Writing the file… {job.data?.progress ? `${job.data.progress}%` : ""}
          </span>
        ) : status === "completed" && job.data ? (
          <Button
            size="sm"
            variant="link"
            className="h-auto p-0"
            disabled={download.isPending}
            onClick={async () => {
              const result = await download.mutateAsync({ id: job.data.id }).catch(() => null);
              if (result) window.location.assign(result.url);
            }}
          >
            Download {job.data.fileName} ({job.data.rowCount ?? 0} rows)
          </Button>
        ) : status === "failed" ? (
          <span className="text-destructive">{job.data?.error ?? "The export failed."}</span>
        ) : (
          <>
            Files are kept 7 days in{" "}
            <Link href="/settings/exports" className="underline underline-offset-4">
              Settings › Exports
            </Link>
            .
          </>
        )}
      </p>
    </div>
  );
}
