import type { RouterOutputs } from "@/lib/api-types";

export type LeadImport = RouterOutputs["imports"]["get"];
export type LeadImportStatus = LeadImport["status"];

/** States the worker moves on by itself; the page polls while an import is in one. */
export const TRANSIENT_STATUSES: readonly LeadImportStatus[] = ["analyzing", "queued", "running"];
export const isTransient = (status: LeadImportStatus | undefined) => status !== undefined && TRANSIENT_STATUSES.includes(status);

export const IMPORT_STATUS: Record<LeadImportStatus, { label: string; variant: "default" | "secondary" | "success" | "destructive" }> = {
  analyzing: { label: "Reading file", variant: "secondary" },
  needs_sheet: { label: "Choose a sheet", variant: "secondary" },
  ready: { label: "Ready to map", variant: "secondary" },
  queued: { label: "Queued", variant: "default" },
  running: { label: "Importing", variant: "default" },
  completed: { label: "Completed", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
};

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const formatCount = (n: number) => n.toLocaleString("en-US");

/** The path of one import on the import page. */
export const importHref = (id: number) => `/leads/import?id=${id}`;
