"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { SettingsSection } from "@/components/ui/settings-section";
import { serverErrorOf as errorOf } from "@/lib/server-errors";
import { QueryError } from "@/components/data/query-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";

/** Settings › Website chat: the snippet to paste, the sites allowed to show the chat, the strategy for new visitors. */
export function WidgetSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.widget.settings.queryOptions());
  if (settings.isPending) return <Skeleton className="h-64 w-full max-w-2xl" />;
  if (settings.isError) return <QueryError what="The website chat settings" error={settings.error} />;
  const data = settings.data;
  return (
    <div className="grid max-w-2xl gap-6">
      <SettingsSection title="Add the chat to your site" description="Paste this line before the closing </body> tag of every page that should show the chat.">
        <Snippet snippet={data.snippet} />
      </SettingsSection>
      <SettingsSection title="Sites and answers" description="The chat shows only on these sites; any other site is refused.">
        <SettingsForm
          allowedOrigins={data.allowedOrigins}
          newLeadStrategyId={data.newLeadStrategyId}
          strategies={data.strategies}
        />
      </SettingsSection>
    </div>
  );
}

function Snippet({ snippet }: { snippet: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="grid gap-3">
      <pre className="overflow-x-auto rounded-md border bg-muted p-3 text-xs whitespace-pre-wrap break-all" aria-label="Chat snippet">
        {snippet}
      </pre>
      <div className="flex items-center gap-3">
        <Button
          type="button"
          variant="outline"
          onClick={() => {
            void navigator.clipboard?.writeText(snippet).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          Copy snippet
        </Button>
        {copied ? <Badge variant="secondary">Copied</Badge> : null}
      </div>
    </div>
  );
}

function SettingsForm({
  allowedOrigins,
  newLeadStrategyId,
  strategies,
}: {
  allowedOrigins: string[];
  newLeadStrategyId: number | null;
  strategies: { id: number; name: string }[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.widget.updateSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.widget.settings.queryKey() }) }),
  );
  const [sites, setSites] = useState(allowedOrigins.join("\n"));
  const [strategyId, setStrategyId] = useState(newLeadStrategyId ? String(newLeadStrategyId) : "");

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      allowedOrigins: sites.split(/[\s,]+/).map((s) => s.trim().replace(/\/$/, "")).filter(Boolean),
      newLeadStrategyId: strategyId ? Number(strategyId) : null,
    });
  }

  const sitesError = errorOf(save.error, "allowedOrigins");
  const strategyError = errorOf(save.error, "newLeadStrategyId");
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <FormField id="widget-sites" label="Allowed sites (one per line)" error={sitesError}>
        <Textarea rows={4} value={sites} placeholder="https://www.example.com" onChange={(e) => setSites(e.target.value)} />
      </FormField>
      <p className="text-xs text-muted-foreground">Write each site as its address bar shows it, without a page path: https://www.example.com and https://example.com are two sites.</p>
      <FormField id="widget-strategy" label="Strategy for new visitors" error={strategyError}>
        <select
          className="h-9 w-full rounded-md border bg-background px-2 text-sm"
          value={strategyId}
          onChange={(e) => setStrategyId(e.target.value)}
        >
          <option value="">None: a person answers every visitor</option>
          {strategies.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </FormField>
      {save.error && !sitesError && !strategyError ? (
        <Alert variant="destructive">
          <AlertDescription>{errorOf(save.error)}</AlertDescription>
        </Alert>
      ) : null}
      {save.isSuccess ? <Badge variant="secondary">Saved</Badge> : null}
      <div>
        <Button type="submit" disabled={save.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}
