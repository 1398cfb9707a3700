"use client";

import { useCallback, useMemo, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, BarChart3Icon, CheckIcon, CircleAlertIcon, InboxIcon, LoaderIcon, PlusIcon, RocketIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useViewer } from "@/features/crm/use-viewer";
import { serverErrorOf } from "@/lib/server-errors";
import { formatTime } from "@/lib/time";
import { cn } from "@/lib/utils";
import { FORM_FIELD_TYPES, FORM_FIELD_TYPE_LABELS, type FormField, type FormFieldType } from "@/schemas/forms";
import { ShareDialog } from "../share-dialog";
import { ChoiceSelect } from "./choice-select";
import { draftPayload, FIELD_TYPE_HINTS, logicProblems, newField, type FormDraft } from "./draft";
import { FieldEditor } from "./field-editor";
import { FieldList } from "./field-list";
import { LogicEditor } from "./logic-editor";
import { PreviewDialog } from "./preview-dialog";
import { SettingsPanel } from "./settings-panel";
import { useAutosave, type SaveState } from "./use-autosave";

type Panel = "field" | "logic" | "settings";

export function BackToForms() {
  return (
    <Button asChild variant="ghost" size="sm" className="-ml-3 w-fit">
      <Link href="/forms">
        <ArrowLeftIcon aria-hidden="true" />
        All forms
      </Link>
    </Button>
  );
}

/** The builder of one form: fields (drag to reorder), logic, settings; the draft saves itself; Publish makes a version. */
export function FormBuilder({ formId }: { formId: number }) {
  const trpc = useTRPC();
  const form = useQuery(trpc.forms.get.queryOptions({ id: formId }, { refetchOnWindowFocus: false }));
  if (form.isPending) {
    return (
      <div className="grid gap-4" role="status" aria-label="Loading the form">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-96 w-full" />
      </div>
    );
  }
  if (form.isError) {
    return (
      <div className="grid gap-4">
        <BackToForms />
        <QueryError what="This form" error={form.error} />
      </div>
    );
  }
  const f = form.data;
  return (
    <BuilderLoaded
      key={f.id}
      formId={f.id}
      slug={f.slug}
      archived={f.archivedAt !== null}
      publishedVersion={f.publishedVersion}
      initial={{ name: f.name, kind: f.kind, description: f.description, definition: f.definition, settings: f.settings }}
    />
  );
}

function BuilderLoaded({
  formId,
  slug,
  archived,
  publishedVersion,
  initial,
}: {
  formId: number;
  slug: string;
  archived: boolean;
  publishedVersion: number | null;
  initial: FormDraft;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const [draft, setDraft] = useState<FormDraft>(initial);
  const [selectedKey, setSelectedKey] = useState<string | null>(initial.definition.fields[0]?.key ?? null);
  const [panel, setPanel] = useState<Panel>("field");
  const [published, setPublished] = useState<number | null>(null);
  const updateDraft = useMutation(trpc.forms.updateDraft.mutationOptions());
  const publish = useMutation(trpc.forms.publish.mutationOptions());
  const editable = viewer.isManager && !archived;

  const save = useCallback((value: FormDraft) => updateDraft.mutateAsync(draftPayload(formId, value)), [updateDraft, formId]);
  const autosave = useAutosave(editable ? draft : null, save);

  const fields = draft.definition.fields;
  const selected = fields.find((f) => f.key === selectedKey) ?? null;
  const problems = useMemo(() => {
    const local = logicProblems(draft.definition);
    // The server's word on a rule (same module) when it refused the last save.
    if (autosave.state.status === "failed") {
      for (const rule of draft.definition.rules) {
        const message = serverErrorOf(autosave.state.error, `rule:${rule.id}`);
        if (message && !local.get(rule.id)?.includes(message)) local.set(rule.id, [...(local.get(rule.id) ?? []), message]);
      }
    }
    return local;
  }, [draft.definition, autosave.state]);
  const usedLeadFields = useMemo(() => new Set(fields.flatMap((f) => (f.mapsTo?.kind === "lead" && f.key !== selectedKey ? [f.mapsTo.field] : []))), [fields, selectedKey]);

  const setFields = (next: FormField[]) => setDraft((d) => ({ ...d, definition: { ...d.definition, fields: next } }));
  const addField = (type: FormFieldType) => {
    const field = newField(fields, type);
    setFields([...fields, field]);
    setSelectedKey(field.key);
    setPanel("field");
  };
  const removeField = (key: string) => {
    setFields(fields.filter((f) => f.key !== key));
    if (selectedKey === key) setSelectedKey(null);
  };

  async function onPublish() {
    setPublished(null);
    try {
      await autosave.flush();
    } catch {
      return;
    }
    const result = await publish.mutateAsync({ id: formId }).catch(() => null);
    if (!result) return;
    setPublished(result.version);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.forms.get.queryKey({ id: formId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.forms.list.pathKey() }),
    ]);
  }
  const liveVersion = published ?? publishedVersion;

  return (
    <div className="grid min-w-0 gap-4">
      <BackToForms />
      <header className="grid gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Input
            aria-label="Form name"
            value={draft.name}
            maxLength={120}
            disabled={!editable}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            className="h-10 min-w-0 flex-1 text-lg font-semibold sm:max-w-md"
          />
          {archived ? <Badge variant="secondary">Archived</Badge> : liveVersion ? <Badge variant="success">Published · version {liveVersion}</Badge> : <Badge variant="secondary">Draft</Badge>}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {editable ? <SaveIndicator state={autosave.state} zone={viewer.timeZone} /> : null}
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <PreviewDialog slug={slug} draft={draft} />
            <ShareDialog slug={slug} name={draft.name} published={liveVersion !== null} />
            <Button asChild variant="outline" size="sm">
              <Link href={`/forms/${formId}/submissions`}>
                <InboxIcon aria-hidden="true" />
                Submissions
              </Link>
            </Button>
            <Button asChild variant="outline" size="sm">
              <Link href={`/forms/${formId}/analytics`}>
                <BarChart3Icon aria-hidden="true" />
                Analytics
              </Link>
            </Button>
            {editable ? (
              <Button size="sm" onClick={() => void onPublish()} disabled={publish.isPending || fields.length === 0}>
                <RocketIcon aria-hidden="true" />
                {publish.isPending ? "Publishing…" : "Publish"}
              </Button>
            ) : null}
          </div>
        </div>
        {published ? (
          <p role="status" className="text-sm font-medium text-success">
            Published as version {published}. Visitors now get this version; earlier submissions keep theirs.
          </p>
        ) : null}
        <FormError message={publish.error ? serverErrorOf(publish.error) : undefined} />
        {!viewer.isManager && !viewer.isPending ? <p className="text-sm text-muted-foreground">Only managers and admins change forms. You can share it and read its submissions.</p> : null}
        {archived ? <p className="text-sm text-muted-foreground">This form is archived: restore it from the forms list to edit or publish it.</p> : null}
      </header>

      <div className="grid min-w-0 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
        <div className="grid min-w-0 content-start gap-4">
          <Card>
            <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
              <CardTitle className="text-base">{draft.kind === "card" ? "Cards" : "Fields"}</CardTitle>
              <ChoiceSelect
                aria-label="Layout"
                className="w-auto"
                value={draft.kind}
                onValueChange={(v) => editable && setDraft((d) => ({ ...d, kind: v as FormDraft["kind"] }))}
                choices={[
                  { value: "simple", label: "All questions on one page" },
                  { value: "card", label: "One question per screen" },
                ]}
              />
            </CardHeader>
            <CardContent className="grid gap-3">
              {fields.length === 0 ? <p className="text-sm text-muted-foreground">No fields yet: add one below.</p> : null}
              <fieldset disabled={!editable} className="min-w-0">
                <FieldList
                  fields={fields}
                  kind={draft.kind}
                  selectedKey={selectedKey}
                  onSelect={(key) => {
                    setSelectedKey(key);
                    setPanel("field");
                  }}
                  onChange={setFields}
                  onRemove={removeField}
                />
              </fieldset>
            </CardContent>
          </Card>
          {editable ? <FieldPalette onAdd={addField} /> : null}
        </div>

        <Card className="min-w-0 content-start">
          <CardHeader>
            <div role="tablist" aria-label="Builder panels" className="flex flex-wrap gap-1">
              {(
                [
                  ["field", "Field"],
                  ["logic", `Logic${draft.definition.rules.length ? ` (${draft.definition.rules.length})` : ""}`],
                  ["settings", "Settings"],
                ] as const
              ).map(([value, label]) => (
                <Button
                  key={value}
                  role="tab"
                  id={`panel-tab-${value}`}
                  aria-selected={panel === value}
                  aria-controls={`panel-${value}`}
                  variant={panel === value ? "secondary" : "ghost"}
                  size="sm"
                  onClick={() => setPanel(value)}
                  className={cn(value === "logic" && problems.size > 0 && "text-destructive")}
                >
                  {label}
                  {value === "logic" && problems.size > 0 ? <CircleAlertIcon aria-label="has problems" /> : null}
                </Button>
              ))}
            </div>
          </CardHeader>
          <CardContent id={`panel-${panel}`} role="tabpanel" aria-labelledby={`panel-tab-${panel}`}>
            <fieldset disabled={!editable} className="min-w-0">
              {panel === "field" ? (
                selected ? (
                  <FieldEditor
                    key={selected.key}
                    field={selected}
                    usedLeadFields={usedLeadFields}
                    onChange={(next) => setFields(fields.map((f) => (f.key === next.key ? next : f)))}
                  />
                ) : (
                  <p className="text-sm text-muted-foreground">Choose a field to edit it.</p>
                )
              ) : panel === "logic" ? (
                <LogicEditor draft={draft} problems={problems} onChange={(rules) => setDraft((d) => ({ ...d, definition: { ...d.definition, rules } }))} />
              ) : (
                <SettingsPanel
                  settings={draft.settings}
                  definition={draft.definition}
                  onChange={(settings) => setDraft((d) => ({ ...d, settings }))}
                  error={autosave.state.status === "failed" ? serverErrorOf(autosave.state.error, "settings") : undefined}
                />
              )}
            </fieldset>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

function FieldPalette({ onAdd }: { onAdd: (type: FormFieldType) => void }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Add a field</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3" aria-label="Field types">
          {FORM_FIELD_TYPES.map((type) => (
            <li key={type}>
              <Button type="button" variant="outline" className="h-auto w-full justify-start px-3 py-2 text-left whitespace-normal" onClick={() => onAdd(type)}>
                <PlusIcon aria-hidden="true" />
                <span className="grid">
                  <span>{FORM_FIELD_TYPE_LABELS[type]}</span>
                  {FIELD_TYPE_HINTS[type] ? <span className="text-xs font-normal text-muted-foreground">{FIELD_TYPE_HINTS[type]}</span> : null}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

function SaveIndicator({ state, zone }: { state: SaveState; zone: string }) {
  return (
    <p role="status" aria-live="polite" className="flex items-center gap-1.5 text-sm text-muted-foreground" data-testid="save-state">
      {state.status === "saving" ? (
        <>
          <LoaderIcon className="size-4 animate-spin" aria-hidden="true" />
          Saving…
        </>
      ) : state.status === "unsaved" ? (
        "Unsaved changes"
      ) : state.status === "failed" ? (
        <span className="flex items-center gap-1.5 font-medium text-destructive">
          <CircleAlertIcon className="size-4" aria-hidden="true" />
          Not saved: {serverErrorOf(state.error)}
        </span>
      ) : (
        <>
          <CheckIcon className="size-4" aria-hidden="true" />
          {state.at ? `Draft saved at ${formatTime(state.at, zone)}` : "Draft saved"}
        </>
      )}
    </p>
  );
}
