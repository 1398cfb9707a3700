"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ExtraOption } from "@/features/crm/member-select";

/**
 * Picks one of the workspace's strategies (the newest 100). Values are strategy ids as strings, or an extra
 * option's value ("none", "all"). Extra props go to the trigger.
 */
export function StrategySelect({
  value,
  onValueChange,
  extraOptions = [],
  placeholder = "Choose a strategy",
  disabled,
  ...triggerProps
}: {
  value: string;
  onValueChange: (value: string) => void;
  extraOptions?: readonly ExtraOption[];
  placeholder?: string;
  disabled?: boolean;
} & Omit<React.ComponentProps<typeof SelectTrigger>, "children" | "onChange" | "value">) {
  const trpc = useTRPC();
  const strategies = useQuery(trpc.strategies.list.queryOptions({ limit: 100 }));
  return (
    <Select value={value} onValueChange={onValueChange} disabled={disabled}>
      <SelectTrigger {...triggerProps}>
        <SelectValue placeholder={strategies.isPending ? "Loading strategies…" : placeholder} />
      </SelectTrigger>
      <SelectContent>
        {extraOptions.map((option) => (
          <SelectItem key={option.value} value={option.value}>
            {option.label}
          </SelectItem>
        ))}
        {strategies.data?.items.map((strategy) => (
          <SelectItem key={strategy.id} value={String(strategy.id)}>
            {strategy.name}
            {strategy.isActive ? "" : " (inactive)"}
          </SelectItem>
        ))}
        {strategies.isError ? (
          <SelectItem value="__strategies-error" disabled>
            Strategies could not be loaded
          </SelectItem>
        ) : null}
      </SelectContent>
    </Select>
  );
}
