import { LockIcon } from "lucide-react";

import { EmptyState } from "@/components/empty-state";

/** What an admin without the super_admin role sees on a super-admin page. */
export function SuperAdminOnly({ what }: { what: string }) {
  return (
    <EmptyState icon={LockIcon} title="Super admins only">
      Only super admins can manage {what}.
    </EmptyState>
  );
}
