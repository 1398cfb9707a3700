import { LockIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";

/** What a workspace member who is not an admin sees on an admin-only settings page. */
export function AdminOnlyNotice({ what }: { what: string }) {
  return (
    <EmptyState icon={LockIcon} title="Workspace admins only">
      Only the workspace&apos;s admins can manage {what}. Ask one of them if something here needs changing.
    </EmptyState>
  );
}
