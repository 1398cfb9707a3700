import { Badge } from "@/components/ui/badge";
import { LEAD_STATUSES, type LeadStatusValue } from "@/schemas/leads";

export const LEAD_STATUS_LABELS: Record<LeadStatusValue, string> = {
  new: "New",
  contacted: "Contacted",
  engaged: "Engaged",
  qualified: "Qualified",
  booked: "Booked",
  won: "Won",
  lost: "Lost",
  disqualified: "Disqualified",
};

/** The pipeline in order; lost and disqualified end it without a sale. */
export const LEAD_PIPELINE: readonly LeadStatusValue[] = LEAD_STATUSES;

const VARIANTS: Record<LeadStatusValue, "default" | "secondary" | "success" | "destructive" | "outline"> = {
  new: "outline",
  contacted: "secondary",
  engaged: "secondary",
  qualified: "default",
  booked: "default",
  won: "success",
  lost: "destructive",
  disqualified: "destructive",
};

export function LeadStatusBadge({ status }: { status: LeadStatusValue }) {
  return <Badge variant={VARIANTS[status]}>{LEAD_STATUS_LABELS[status]}</Badge>;
}
