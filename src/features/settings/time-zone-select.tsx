"use client";

import * as React from "react";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

/** Every IANA time zone this browser knows, plus the current value should the browser not list it (e.g. "UTC"). */
function timeZoneOptions(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

function labelOf(zone: string) {
  return zone.replaceAll("_", " ");
}

/**
 * A time zone picker. Extra props (id, aria-invalid, aria-describedby from FormField) go to the trigger button,
 * which the field's label names.
 */
export function TimeZoneSelect({
  value,
  onValueChange,
  disabled,
  ...triggerProps
}: {
  value: string;
  onValueChange: (value: string) => void;
  disabled?: boolean;
} & Omit<React.ComponentProps<typeof SelectTrigger>, "children" | "onChange">) {
  const options = React.useMemo(() => timeZoneOptions(value), [value]);
  return (
    <Select value={value} onValueChange={onValueChange} disabled={disabled}>
      <SelectTrigger {...triggerProps}>
        <SelectValue placeholder="Choose a time zone" />
      </SelectTrigger>
      <SelectContent>
        {options.map((zone) => (
          <SelectItem key={zone} value={zone}>
            {labelOf(zone)}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
