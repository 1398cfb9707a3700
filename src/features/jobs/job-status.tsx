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
