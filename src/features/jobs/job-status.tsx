import { Badge } from "@/components/ui/badge";

type JobRunStatus = "queued" | "active" | "completed" | "failed";

const STATUS: Record<JobRunStatus, { label: string; variant: "default" | "secondary" | "success" | "destructive" }> = {
  queued: { label: "Queued", variant: "secondary" },
  active: { label: "Running", variant: "default" },
  completed: { label: "Completed", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
};

export function JobStatusBadge({ status }: { status: JobRunStatus }) {
  const { label, variant } = STATUS[status];
  return <Badge variant={variant}>{label}</Badge>;
}

/** A run's progress, 0..100. */
export function JobProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.min(100, Math.max(0, value));
  return (
    <div className="flex items-center gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 w-24 overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full bg-primary transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      <span className="text-xs text-muted-foreground tabular-nums">{pct}%</span>
    </div>
  );
}
