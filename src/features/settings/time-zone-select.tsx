"use client";

import * as React from "react";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { zoneDisplayName } from "@/lib/time";

/** Every IANA time zone this browser knows, plus the current value should the browser not list it (e.g. "UTC"). */
function timeZoneOptions(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

/** Radix Select items cannot have "" as their value; this stands for "no zone" when `emptyLabel` is given. */
const NO_ZONE = "__none";

/**
 * A time zone picker; with `emptyLabel`, "" (no zone) is a choice too. Extra props (id, aria-invalid,
 * aria-describedby from FormField) go to the trigger button, which the field's label names.
 */
export function TimeZoneSelect({
  value,
  onValueChange,
  disabled,
  emptyLabel,
  ...triggerProps
}: {
  value: string;
  onValueChange: (value: string) => void;
  disabled?: boolean;
  emptyLabel?: string;
} & Omit<React.ComponentProps<typeof SelectTrigger>, "children" | "onChange">) {
  const options = React.useMemo(() => timeZoneOptions(value), [value]);
  return (
    <Select
      value={emptyLabel !== undefined && value === "" ? NO_ZONE : value}
      onValueChange={(next) => onValueChange(next === NO_ZONE ? "" : next)}
      disabled={disabled}
    >
      <SelectTrigger {...triggerProps}>
        <SelectValue placeholder="Choose a time zone" />
      </SelectTrigger>
      <SelectContent>
        {emptyLabel !== undefined ? <SelectItem value={NO_ZONE}>{emptyLabel}</SelectItem> : null}
        {options.map((zone) => (
          <SelectItem key={zone} value={zone}>
            {zoneDisplayName(zone)}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
