"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { SettingsSection } from "@/components/ui/settings-section";
import { QueryError } from "@/components/data/query-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { serverErrorOf as errorOf } from "@/lib/server-errors";
import { ModelForm } from "./model-form";

const SOURCE_TEXT = {
  workspace: "This workspace's own model",
  platform: "The platform's model",
  environment: "The platform's model",
} as const;

/** Settings › AI for workspace admins: which model answers (own key or the platform's) and the active prompt template. */
export function WorkspaceAiSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const config = useQuery(trpc.aiModel.get.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.aiModel.get.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.aiModel.status.queryKey() }),
    ]);
  const save = useMutation(trpc.aiModel.save.mutationOptions({ onSuccess: refresh }));
  const clear = useMutation(trpc.aiModel.clear.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.aiModel.test.mutationOptions());
  const [formKey, setFormKey] = useState(0);

  if (config.isPending) return <Skeleton className="h-64 w-full max-w-2xl" />;
  if (config.isError) return <QueryError what="The AI settings" error={config.error} />;
  const { own, effective, platformAdmin } = config.data;

  return (
    <div className="grid max-w-2xl gap-6">
      <SettingsSection
        title="AI model"
        description="The model that answers this workspace's leads. Bring your own key and model, or use the platform's."
      >
        <div className="grid gap-4">
          <Alert variant={effective.on ? "success" : "default"} data-testid="ai-effective">
            {effective.on ? <CheckCircle2Icon aria-hidden="true" /> : null}
            <AlertDescription>
              {effective.on && effective.source
                ? `The AI is on: ${SOURCE_TEXT[effective.source].toLowerCase()}, ${effective.modelName} at ${effective.host}.`
                : "The AI is off: no model is set up for this workspace or the platform. Messages from leads wait for a person."}
              {platformAdmin ? (
                <>
                  {" "}
                  <Link className="underline" href="/admin/ai">
                    Set the platform&apos;s model
                  </Link>
                </>
              ) : null}
            </AlertDescription>
          </Alert>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">This workspace&apos;s own model:</span>
            {own ? <Badge variant="success">{own.model}</Badge> : <Badge variant="secondary">None, the platform&apos;s is used</Badge>}
          </div>
          <ModelForm
            key={formKey}
            idPrefix="workspace-ai"
            current={own}
            saveLabel={own ? "Save changes" : "Use this model"}
            saving={save.isPending}
            saveError={save.error}
            saved={save.isSuccess && !save.isPending}
            onSave={(values) => save.mutate(values)}
            onTest={(values) => test.mutateAsync(values)}
          />
          {own ? (
            <div>
              <Button
                type="button"
                variant="outline"
                disabled={clear.isPending}
                onClick={() => clear.mutate(undefined, { onSuccess: () => (save.reset(), setFormKey((k) => k + 1)) })}
              >
                Stop using our own model
              </Button>
              {clear.error ? <p className="mt-2 text-sm text-destructive">{errorOf(clear.error)}</p> : null}
            </div>
          ) : null}
        </div>
      </SettingsSection>
      <PromptTemplateSection />
    </div>
  );
}

/** The platform's prompt templates (read-only) and the one this workspace builds on. */
function PromptTemplateSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalogue = useQuery(trpc.workspaceTemplate.list.queryOptions({ limit: 100 }));
  const active = useQuery(trpc.workspaceTemplate.active.queryOptions());
  const activate = useMutation(
    trpc.workspaceTemplate.activate.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.workspaceTemplate.active.queryKey() }),
    }),
  );
  const [open, setOpen] = useState<number | null>(null);
  const template = useQuery(trpc.workspaceTemplate.get.queryOptions({ id: open ?? 1 }, { enabled: open !== null }));

  const activeId = active.data?.active?.id ?? null;
  return (
    <SettingsSection
      title="Prompt template"
      description="Strategies build on a template from the platform's catalogue: its base instructions come first in every conversation. A strategy may choose its own."
    >
      {catalogue.isPending || active.isPending ? (
        <Skeleton className="h-32 w-full" />
      ) : catalogue.isError ? (
        <QueryError what="The templates" error={catalogue.error} />
      ) : (
        <div className="grid gap-3">
          <p className="text-sm" data-testid="active-template">
            {active.data?.active
              ? `This workspace uses “${active.data.active.name}”.`
              : active.data?.platformDefault
                ? `This workspace uses the platform default, “${active.data.platformDefault.name}”.`
                : "No template is chosen; a plain receptionist prompt is used."}
          </p>
          {activate.isSuccess ? (
            <Alert variant="success">
              <CheckCircle2Icon aria-hidden="true" />
              <AlertDescription>Switched. The next AI turn uses it.</AlertDescription>
            </Alert>
          ) : null}
          {activate.error ? <p className="text-sm text-destructive">{errorOf(activate.error)}</p> : null}
          <ul className="grid gap-2" aria-label="Templates">
            {catalogue.data.items.map((t) => (
              <li key={t.id} className="grid gap-2 rounded-md border p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{t.name}</span>
                  {t.id === activeId ? <Badge variant="success">Active</Badge> : null}
                  {t.isDefault ? <Badge variant="secondary">Platform default</Badge> : null}
                  <span className="ml-auto flex flex-wrap gap-2">
                    <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(open === t.id ? null : t.id)} aria-expanded={open === t.id}>
                      {open === t.id ? "Hide" : "Read"}
                    </Button>
                    {t.id !== activeId ? (
                      <Button type="button" size="sm" variant="outline" disabled={activate.isPending} onClick={() => activate.mutate({ templateId: t.id })}>
                        Use this template
                      </Button>
                    ) : null}
                  </span>
                </div>
                {t.description ? <p className="text-sm text-muted-foreground">{t.description}</p> : null}
                {open === t.id ? (
                  template.data ? (
                    <p className="rounded bg-muted p-3 text-sm whitespace-pre-wrap break-words">{template.data.baseSystemPrompt}</p>
                  ) : (
                    <Skeleton className="h-16 w-full" />
                  )
                ) : null}
              </li>
            ))}
          </ul>
          {activeId !== null ? (
            <div>
              <Button type="button" variant="outline" disabled={activate.isPending} onClick={() => activate.mutate({ templateId: null })}>
                Use the platform default
              </Button>
            </div>
          ) : null}
        </div>
      )}
    </SettingsSection>
  );
}
