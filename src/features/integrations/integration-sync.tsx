"use client";

import { useEffect } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DownloadIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";

type Connection = NonNullable<RouterOutputs["integrations"]["list"][number]["connection"]>;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** What the finished import did, in words ("120 contacts read: 100 new leads, 15 updated, 5 matched to leads already here"). */
function ImportSummary({ result }: { result: unknown }) {
  const r = (typeof result === "object" && result !== null ? result : {}) as Record<string, unknown>;
  const n = (key: string) => (typeof r[key] === "number" ? (r[key] as number) : 0);
  if (typeof r.read !== "number") return null;
  const parts = [
    n("created") ? plural(n("created"), "new lead", "new leads") : null,
    n("updated") ? `${n("updated").toLocaleString("en-US")} updated` : null,
    n("linked") ? `${plural(n("linked"), "matched to a lead", "matched to leads")} already here` : null,
    n("kept_ours") ? `${n("kept_ours").toLocaleString("en-US")} kept as changed here` : null,
    n("unchanged") ? `${n("unchanged").toLocaleString("en-US")} unchanged` : null,
  ].filter(Boolean);
  return (
    <p className="text-muted-foreground">
      {plural(r.read, "contact", "contacts")} read{parts.length ? `: ${parts.join(", ")}` : ""}.
    </p>
  );
}

const RUN_WORDS = { queued: "Waiting to start", active: "Importing", completed: "Import finished", failed: "Import failed" } as const;

/** The contact import (with its progress), and records changed on both sides: which side's later change was kept. */
export function IntegrationSync({ connection, templateKey }: { connection: Connection; templateKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = useMutation(trpc.integrations.startImport.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() }) }));
  const run = connection.importRun;
  const running = run?.status === "queued" || run?.status === "active";
  // While the import runs, its progress is read again every few seconds.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() }), 3000);
    return () => clearInterval(timer);
  }, [running, queryClient, trpc]);
  if (templateKey !== "gohighlevel") return null;
  return (
    <div className="grid gap-2">
      {run ? (
        <div className="grid gap-1">
          <span>
            {RUN_WORDS[run.status]}
            {run.finishedAt ? (
              <>
                {" "}
                (<ZonedTime value={run.finishedAt} />)
              </>
            ) : null}
          </span>
          {running ? <ProgressBar value={run.progress} label="Contact import progress" /> : null}
          {run.status === "completed" ? <ImportSummary result={run.result} /> : null}
          {run.status === "failed" && run.error ? <p className="text-destructive">{run.error}</p> : null}
        </div>
      ) : null}
      {start.error ? <FormError message={start.error.message} /> : null}
      <div>
        <Button variant="outline" size="sm" disabled={running || start.isPending || !connection.enabled} onClick={() => start.mutate({ id: connection.id })}>
          <DownloadIcon aria-hidden="true" />
          {run ? "Import all contacts again" : "Import contacts"}
        </Button>
      </div>
      {connection.conflicts.length ? (
        <details className="rounded-md border p-2">
          <summary className="cursor-pointer">Changed on both sides ({connection.conflicts.length})</summary>
          <ul className="mt-2 grid gap-1">
            {connection.conflicts.map((c) => (
              <li key={c.id}>
                {c.label}: {c.winner === "ours" ? "the later change, made here, was kept" : "the later change, made in GoHighLevel, was kept"} (
                <ZonedTime value={c.createdAt} />)
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
