"use client";

import * as React from "react";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

/** A select over a short fixed list of choices (values are strings). Extra props (id, aria-*) go to the trigger. */
export function ChoiceSelect({
  value,
  onValueChange,
  choices,
  placeholder,
  ...triggerProps
}: {
  value: string;
  onValueChange: (value: string) => void;
  choices: readonly { value: string; label: string }[];
  placeholder?: string;
} & Omit<React.ComponentProps<typeof SelectTrigger>, "children" | "onChange" | "value">) {
  return (
    <Select value={value} onValueChange={onValueChange}>
      <SelectTrigger {...triggerProps}>
        <SelectValue placeholder={placeholder ?? "Choose"} />
      </SelectTrigger>
      <SelectContent>
        {choices.map((c) => (
          <SelectItem key={c.value} value={c.value}>
            {c.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
