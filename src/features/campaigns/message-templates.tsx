"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MessageSquareTextIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import type { RouterOutputs } from "@/lib/api-types";
import { mergeFieldProblems } from "@/lib/merge-fields";
import { useViewer } from "@/features/crm/use-viewer";
import { MessageTextField } from "./message-text-field";

type Template = RouterOutputs["messageTemplates"]["list"][number];

/** The workspace's saved messages: everyone uses them in the compose box and campaigns; managers edit them. */
export function MessageTemplates() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const templates = useQuery(trpc.messageTemplates.list.queryOptions());
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.messageTemplates.delete.mutationOptions());

  if (templates.isPending) return <Skeleton className="h-48 w-full" role="status" aria-label="Loading templates" />;
  if (templates.isError) return <QueryError what="The templates" error={templates.error} />;

  return (
    <div className="grid gap-4">
      {viewer.isManager ? (
        <div>
          <Button onClick={() => setEditing("new")}>
            <PlusIcon aria-hidden="true" />
            New template
          </Button>
        </div>
      ) : null}
      {templates.data.length === 0 ? (
        <EmptyState icon={MessageSquareTextIcon} title="No templates yet">
          Save the messages your team sends often, with the lead&apos;s first name or next booking filled in for each lead.
        </EmptyState>
      ) : (
        <div className="grid gap-3 md:grid-cols-2">
          {templates.data.map((t) => (
            <Card key={t.id}>
              <CardHeader className="flex flex-row items-start justify-between gap-2">
                <CardTitle className="text-base">{t.name}</CardTitle>
                {viewer.isManager ? (
                  <div className="flex gap-1">
                    <Button size="sm" variant="ghost" aria-label={`Edit ${t.name}`} onClick={() => setEditing(t)}>
                      <PencilIcon aria-hidden="true" />
                    </Button>
                    <Button size="sm" variant="ghost" aria-label={`Delete ${t.name}`} onClick={() => setDeleting(t)}>
                      <Trash2Icon aria-hidden="true" />
                    </Button>
                  </div>
                ) : null}
              </CardHeader>
              <CardContent>
                <p className="text-sm whitespace-pre-wrap break-words text-muted-foreground">{t.body}</p>
              </CardContent>
            </Card>
          ))}
        </div>
      )}
      {editing ? <TemplateDialog template={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title="Delete this template?"
        description={`"${deleting?.name ?? ""}" will no longer be offered. Messages already sent stay as they are.`}
        confirmLabel="Delete"
        onConfirm={async () => {
          await remove.mutateAsync({ id: deleting!.id });
          await queryClient.invalidateQueries({ queryKey: trpc.messageTemplates.list.pathKey() });
        }}
      />
    </div>
  );
}

function TemplateDialog({ template, onClose }: { template: Template | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.messageTemplates.create.mutationOptions());
  const update = useMutation(trpc.messageTemplates.update.mutationOptions());
  const [name, setName] = useState(template?.name ?? "");
  const [body, setBody] = useState(template?.body ?? "");
  const [error, setError] = useState<string>();
  const pending = create.isPending || update.isPending;

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError("Name the template.");
    if (!body.trim()) return setError("Write the message.");
    if (mergeFieldProblems(body).length > 0) return setError("Fix the personal details marked above first.");
    try {
      if (template) await update.mutateAsync({ id: template.id, name, body });
      else await create.mutateAsync({ name, body });
    } catch (e) {
      return setError((e as Error).message);
    }
    await queryClient.invalidateQueries({ queryKey: trpc.messageTemplates.list.pathKey() });
    onClose();
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{template ? "Edit template" : "New template"}</DialogTitle>
          <DialogDescription>Personal details are filled in for each lead when the message is used.</DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" onSubmit={(e) => void save(e)}>
          <div className="grid gap-2">
            <Label htmlFor="template-name">Name</Label>
            <Input id="template-name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
          </div>
          <MessageTextField id="template-body" value={body} onChange={setBody} />
          <FormError message={error} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save template"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
