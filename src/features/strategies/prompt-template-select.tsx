"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const WORKSPACE_DEFAULT = "workspace-default";

/**
 * Picks a template from the platform's catalogue, or the workspace default (null): the template the workspace has
 * active, else the platform default. Extra props (id, aria-* from FormField) go to the trigger.
 */
export function PromptTemplateSelect({
  value,
  onValueChange,
  disabled,
  ...triggerProps
}: {
  value: number | null;
  onValueChange: (value: number | null) => void;
  disabled?: boolean;
} & Omit<React.ComponentProps<typeof SelectTrigger>, "children" | "onChange" | "value">) {
  const trpc = useTRPC();
  const catalogue = useQuery(trpc.workspaceTemplate.list.queryOptions({ limit: 100 }));
  const active = useQuery(trpc.workspaceTemplate.active.queryOptions());
  const fallback = active.data?.active ?? active.data?.platformDefault;

  return (
    <Select
      value={value === null ? WORKSPACE_DEFAULT : String(value)}
      onValueChange={(next) => onValueChange(next === WORKSPACE_DEFAULT ? null : Number(next))}
      disabled={disabled}
    >
      <SelectTrigger {...triggerProps}>
        <SelectValue placeholder={catalogue.isPending ? "Loading templates…" : "Choose a template"} />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={WORKSPACE_DEFAULT}>Workspace default{fallback ? ` (${fallback.name})` : ""}</SelectItem>
        {catalogue.data?.items.map((template) => (
          <SelectItem key={template.id} value={String(template.id)}>
            {template.name}
            {template.category ? ` · ${template.category}` : ""}
          </SelectItem>
        ))}
        {catalogue.isError ? (
          <SelectItem value="__templates-error" disabled>
            Templates could not be loaded
          </SelectItem>
        ) : null}
      </SelectContent>
    </Select>
  );
}
