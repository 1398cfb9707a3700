"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

/** Choices above the members, e.g. { value: "all", label: "Anyone" } or { value: "none", label: "Unassigned" }. */
export interface ExtraOption {
  value: string;
  label: string;
}

/**
 * Picks an active member of the workspace (the first 100 by the list's order). Values are member ids as strings,
 * or an extra option's value. Extra props (id, aria-* from FormField) go to the trigger.
 */
export function MemberSelect({
  value,
  onValueChange,
  extraOptions = [],
  placeholder = "Choose a member",
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
  const members = useQuery(trpc.users.list.queryOptions({ limit: 100, includeInactive: false }));
  return (
    <Select value={value} onValueChange={onValueChange} disabled={disabled}>
      <SelectTrigger {...triggerProps}>
        <SelectValue placeholder={members.isPending ? "Loading members…" : placeholder} />
      </SelectTrigger>
      <SelectContent>
        {extraOptions.map((option) => (
          <SelectItem key={option.value} value={option.value}>
            {option.label}
          </SelectItem>
        ))}
        {members.data?.items.map((member) => (
          <SelectItem key={member.id} value={String(member.id)}>
            {member.name}
          </SelectItem>
        ))}
        {members.isError ? (
          <SelectItem value="__members-error" disabled>
            Members could not be loaded
          </SelectItem>
        ) : null}
      </SelectContent>
    </Select>
  );
}
