import { Badge } from "@/components/ui/badge";

/** "Active" or "Inactive" for an account, a workspace or a key. */
export function ActiveBadge({ active, inactiveLabel = "Inactive" }: { active: boolean; inactiveLabel?: string }) {
  return active ? <Badge variant="success">Active</Badge> : <Badge variant="secondary">{inactiveLabel}</Badge>;
}
