"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const ALL = "all";

/** Narrows a platform-wide list to one workspace (the first 100 by the list's order); "All workspaces" clears it. */
export function WorkspaceFilter({
  id,
  value,
  onChange,
}: {
  id: string;
  value: number | undefined;
  onChange: (workspaceId: number | undefined) => void;
}) {
  const trpc = useTRPC();
  const workspaces = useQuery(trpc.platform.workspaces.list.queryOptions({ limit: 100, includeInactive: true }));

  return (
    <div className="grid w-56 gap-2">
      <Label htmlFor={id}>Workspace</Label>
      <Select
        value={value === undefined ? ALL : String(value)}
        onValueChange={(next) => onChange(next === ALL ? undefined : Number(next))}
        disabled={workspaces.isPending}
      >
        <SelectTrigger id={id} aria-describedby={workspaces.isError ? `${id}-error` : undefined}>
          <SelectValue placeholder={workspaces.isPending ? "Loading…" : "All workspaces"} />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All workspaces</SelectItem>
          {workspaces.data?.items.map((workspace) => (
            <SelectItem key={workspace.id} value={String(workspace.id)}>
              {workspace.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {workspaces.isError ? (
        <p id={`${id}-error`} className="text-xs font-medium text-destructive">
          Workspaces could not be loaded: {workspaces.error.message}
        </p>
      ) : null}
    </div>
  );
}
