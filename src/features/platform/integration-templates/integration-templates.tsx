"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import type { RouterOutputs } from "@/lib/api-types";
import { serverErrorOf } from "@/lib/server-errors";

type Template = RouterOutputs["platform"]["integrationTemplates"]["list"][number];

const FIELDS = ["name", "key", "category", "description", "configSchema", "secretFields"] as const;
const EMPTY_SCHEMA = JSON.stringify({ type: "object", required: [], properties: {} }, null, 2);

/** The integration catalogue platform admins keep: name, category, description, the settings schema and its secrets. */
export function IntegrationTemplates() {
  const trpc = useTRPC();
  const templates = useQuery(trpc.platform.integrationTemplates.list.queryOptions());
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.platform.integrationTemplates.delete.mutationOptions());

  return (
    <div className="grid gap-4">
      <div className="flex justify-end">
        <Button onClick={() => setEditing("new")}>
          <PlusIcon aria-hidden="true" />
          New template
        </Button>
      </div>
      {templates.isPending ? (
        <Skeleton className="h-40 w-full" role="status" aria-label="Loading integration templates" />
      ) : templates.isError ? (
        <FormError message={`Integration templates could not be loaded: ${templates.error.message}`} />
      ) : templates.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No integration templates yet.</p>
      ) : (
        <div className="grid gap-3 md:grid-cols-2">
          {templates.data.map((t) => (
            <Card key={t.id} data-testid="integration-template">
              <CardHeader>
                <CardTitle className="flex flex-wrap items-center gap-2">
                  {t.name}
                  {t.category ? <Badge variant="secondary">{t.category}</Badge> : null}
                  {t.isActive ? null : <Badge variant="outline">Hidden from workspaces</Badge>}
                </CardTitle>
                <CardDescription>{t.description ?? "No description."}</CardDescription>
              </CardHeader>
              <CardContent className="flex flex-wrap items-center justify-between gap-2 text-sm">
                <span className="text-muted-foreground">
                  {t.connectedWorkspaces === 1 ? "1 workspace connected" : `${t.connectedWorkspaces} workspaces connected`}
                  {t.secretFields.length ? ` · ${t.secretFields.length} secret field${t.secretFields.length === 1 ? "" : "s"}` : ""}
                </span>
                <span className="flex gap-2">
                  <Button variant="outline" size="sm" onClick={() => setEditing(t)}>
                    <PencilIcon aria-hidden="true" />
                    Edit
                  </Button>
                  <Button variant="outline" size="sm" onClick={() => setDeleting(t)}>
                    <Trash2Icon aria-hidden="true" />
                    Delete
                  </Button>
                </span>
              </CardContent>
            </Card>
          ))}
        </div>
      )}
      <Dialog open={editing !== null} onOpenChange={(open) => (open ? null : setEditing(null))}>
        <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-2xl overflow-y-auto">
          {editing ? <TemplateForm template={editing === "new" ? null : editing} onDone={() => setEditing(null)} /> : null}
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? null : setDeleting(null))}
        title={`Delete ${deleting?.name ?? "template"}?`}
        description="Workspaces will no longer see it. A template a workspace is connected through cannot be deleted: untick “Offered to workspaces” to hide it instead."
        confirmLabel="Delete template"
        destructive
        onConfirm={async () => {
          await remove.mutateAsync({ id: deleting!.id });
          await queryClient.invalidateQueries({ queryKey: trpc.platform.integrationTemplates.pathKey() });
        }}
      />
    </div>
  );
}

function TemplateForm({ template, onDone }: { template: Template | null; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.platform.integrationTemplates.create.mutationOptions());
  const update = useMutation(trpc.platform.integrationTemplates.update.mutationOptions());
  const [key, setKey] = useState("");
  const [name, setName] = useState(template?.name ?? "");
  const [category, setCategory] = useState(template?.category ?? "");
  const [description, setDescription] = useState(template?.description ?? "");
  const [configSchema, setConfigSchema] = useState(template?.configSchema ?? EMPTY_SCHEMA);
  const [secretFields, setSecretFields] = useState((template?.secretFields ?? []).join(", "));
  const [isActive, setIsActive] = useState(template?.isActive ?? true);
  const error = template ? update.error : create.error;
  const pending = create.isPending || update.isPending;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const fields = {
      name,
      category,
      description,
      configSchema,
      secretFields: secretFields.split(",").map((s) => s.trim()).filter(Boolean),
      isActive,
    };
    try {
      if (template) await update.mutateAsync({ ...fields, id: template.id });
      else await create.mutateAsync({ ...fields, key });
    } catch {
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.integrationTemplates.pathKey() });
    onDone();
  }

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{template ? `Edit ${template.name}` : "New integration template"}</DialogTitle>
        <DialogDescription>Workspaces connect through a form built from the settings schema.</DialogDescription>
      </DialogHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="it-name" label="Name" error={serverErrorOf(error, "name")}>
          <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </FormField>
        {template ? null : (
          <FormField id="it-key" label="Key" hint="Lowercase letters, digits and dashes; never changes." error={serverErrorOf(error, "key")}>
            <Input value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" />
          </FormField>
        )}
        <FormField id="it-category" label="Category" hint="e.g. CRM, calendar." error={serverErrorOf(error, "category")}>
          <Input value={category} onChange={(e) => setCategory(e.target.value)} autoComplete="off" />
        </FormField>
        <FormField id="it-description" label="Description" error={serverErrorOf(error, "description")} className="sm:col-span-2">
          <Input value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
        </FormField>
        <FormField id="it-schema" label="Settings schema (JSON Schema)" error={serverErrorOf(error, "configSchema")} className="sm:col-span-2">
          <Textarea rows={12} className="font-mono text-xs" value={configSchema} onChange={(e) => setConfigSchema(e.target.value)} spellCheck={false} />
        </FormField>
        <FormField id="it-secrets" label="Secret fields" hint="Text fields stored encrypted and never shown again, separated by commas." error={serverErrorOf(error, "secretFields")} className="sm:col-span-2">
          <Input value={secretFields} onChange={(e) => setSecretFields(e.target.value)} autoComplete="off" />
        </FormField>
      </div>
      <div className="flex items-center gap-2">
        <Checkbox id="it-active" checked={isActive} onCheckedChange={(c) => setIsActive(c === true)} />
        <Label htmlFor="it-active">Offered to workspaces</Label>
      </div>
      {/* A refusal of one field shows beside it; anything else above the buttons. */}
      <FormError message={error && !FIELDS.some((f) => serverErrorOf(error, f)) ? serverErrorOf(error) : undefined} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={pending}>{template ? "Save changes" : "Create template"}</SubmitButton>
      </DialogFooter>
    </form>
  );
}
