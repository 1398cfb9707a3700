import { Badge } from "@/components/ui/badge";

export type InvitationStatus = "active" | "expired" | "exhausted" | "deactivated";

const STATUS = {
  active: { label: "Active", variant: "success" },
  expired: { label: "Expired", variant: "secondary" },
  exhausted: { label: "Used up", variant: "secondary" },
  deactivated: { label: "Deactivated", variant: "destructive" },
} as const;

export function InvitationStatusBadge({ status }: { status: InvitationStatus }) {
  const { label, variant } = STATUS[status];
  return <Badge variant={variant}>{label}</Badge>;
}
