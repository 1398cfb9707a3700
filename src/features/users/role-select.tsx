"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { WORKSPACE_ROLE_LABELS } from "@/lib/roles";
import { cn } from "@/lib/utils";

export type WorkspaceRole = keyof typeof WORKSPACE_ROLE_LABELS;
const ROLES = Object.keys(WORKSPACE_ROLE_LABELS) as WorkspaceRole[];

/** A workspace role picker; `label` names it (e.g. "Role for Ada Lovelace"). Extra props go to the trigger. */
export function RoleSelect({
  value,
  onValueChange,
  label,
  disabled,
  className,
  ...triggerProps
}: {
  value: WorkspaceRole;
  onValueChange: (role: WorkspaceRole) => void;
  label?: string;
  disabled?: boolean;
  className?: string;
} & Omit<React.ComponentProps<typeof SelectTrigger>, "children" | "onChange" | "value">) {
  return (
    <Select value={value} onValueChange={(next) => onValueChange(next as WorkspaceRole)} disabled={disabled}>
      <SelectTrigger aria-label={label} className={cn("w-32", className)} {...triggerProps}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {ROLES.map((role) => (
          <SelectItem key={role} value={role}>
            {WORKSPACE_ROLE_LABELS[role]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
