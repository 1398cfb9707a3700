import { CONTACT_PRIORITIES, CONTACT_STATUSES } from "@/schemas/contacts";
import { Badge } from "@/components/ui/badge";

export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export type ContactPriority = (typeof CONTACT_PRIORITIES)[number];

export const CONTACT_STATUS_LABELS: Record<ContactStatus, string> = {
  NEW: "New",
  CONTACTED: "Contacted",
  QUALIFIED: "Qualified",
  PROPOSAL_SENT: "Proposal sent",
  CLOSED_WON: "Won",
  CLOSED_LOST: "Lost",
  UNRESPONSIVE: "Unresponsive",
};

export const CONTACT_PRIORITY_LABELS: Record<ContactPriority, string> = {
  LOW: "Low",
  MEDIUM: "Medium",
  HIGH: "High",
  URGENT: "Urgent",
};

const STATUS_VARIANTS: Record<ContactStatus, "default" | "secondary" | "success" | "destructive" | "outline"> = {
  NEW: "outline",
  CONTACTED: "secondary",
  QUALIFIED: "default",
  PROPOSAL_SENT: "default",
  CLOSED_WON: "success",
  CLOSED_LOST: "destructive",
  UNRESPONSIVE: "secondary",
};

const PRIORITY_VARIANTS: Record<ContactPriority, "default" | "secondary" | "destructive" | "outline"> = {
  LOW: "outline",
  MEDIUM: "secondary",
  HIGH: "default",
  URGENT: "destructive",
};

export function ContactStatusBadge({ status }: { status: ContactStatus }) {
  return <Badge variant={STATUS_VARIANTS[status]}>{CONTACT_STATUS_LABELS[status]}</Badge>;
}

export function ContactPriorityBadge({ priority }: { priority: ContactPriority }) {
  return <Badge variant={PRIORITY_VARIANTS[priority]}>{CONTACT_PRIORITY_LABELS[priority]}</Badge>;
}
