"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

/** Makes a template the active one of a chosen workspace (its strategies without their own template use it). */
export function ActivateTemplateDialog({
  template,
  open,
  onOpenChange,
}: {
  template: { id: number; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const activate = useMutation(trpc.promptTemplates.activate.mutationOptions());
  const workspaces = useQuery({ ...trpc.platform.workspaces.list.queryOptions({ limit: 100, includeInactive: true }), enabled: open });
  const [workspaceId, setWorkspaceId] = useState<number>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  function changeOpen(next: boolean) {
    if (!next) {
      setError(undefined);
      setDone(undefined);
      setWorkspaceId(undefined);
    }
    onOpenChange(next);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (workspaceId === undefined) {
      setError("Choose a workspace");
      return;
    }
    setError(undefined);
    try {
      await activate.mutateAsync({ templateId: template.id, subAccountId: workspaceId });
    } catch (e) {
      setError(`The template was not activated: ${(e as Error).message}`);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.workspaces.list.pathKey() });
    setDone(`${template.name} is now the active template of that workspace.`);
  }

  return (
    <Dialog open={open} onOpenChange={changeOpen}>
      <DialogContent>
        <form onSubmit={(event) => void submit(event)} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Activate {template.name} for a workspace</DialogTitle>
            <DialogDescription>Its strategies without a template of their own will build on this one.</DialogDescription>
          </DialogHeader>
          <FormField
            id="activate-template-workspace"
            label="Workspace"
            error={workspaces.isError ? `Workspaces could not be loaded: ${workspaces.error.message}` : error}
          >
            <Select value={workspaceId === undefined ? "" : String(workspaceId)} onValueChange={(next) => setWorkspaceId(Number(next))}>
              <SelectTrigger>
                <SelectValue placeholder={workspaces.isPending ? "Loading…" : "Choose a workspace"} />
              </SelectTrigger>
              <SelectContent>
                {workspaces.data?.items.map((workspace) => (
                  <SelectItem key={workspace.id} value={String(workspace.id)}>
                    {workspace.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          {done ? (
            <p role="status" className="text-sm text-success">
              {done}
            </p>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">{done ? "Done" : "Cancel"}</Button>
            </DialogClose>
            <SubmitButton pending={activate.isPending}>Activate</SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
