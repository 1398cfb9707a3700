"use client";

import * as React from "react";

import { LEAD_STATUSES, type LeadStatusValue } from "@/schemas/leads";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ExtraOption } from "@/features/crm/member-select";
import { LEAD_STATUS_LABELS } from "./lead-status";

/** A lead status picker; with `extraOptions` (e.g. "Any status") it doubles as a filter. */
export function LeadStatusSelect({
  value,
  onValueChange,
  extraOptions = [],
  disabled,
  ...triggerProps
}: {
  value: string;
  onValueChange: (value: LeadStatusValue | string) => void;
  extraOptions?: readonly ExtraOption[];
  disabled?: boolean;
} & Omit<React.ComponentProps<typeof SelectTrigger>, "children" | "onChange" | "value">) {
  return (
    <Select value={value} onValueChange={onValueChange} disabled={disabled}>
      <SelectTrigger {...triggerProps}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {extraOptions.map((option) => (
          <SelectItem key={option.value} value={option.value}>
            {option.label}
          </SelectItem>
        ))}
        {LEAD_STATUSES.map((status) => (
          <SelectItem key={status} value={status}>
            {LEAD_STATUS_LABELS[status]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
