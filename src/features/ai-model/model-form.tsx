"use client";

import * as React from "react";
import { useState, type FormEvent } from "react";
import { CheckCircle2Icon, PlugZapIcon, XCircleIcon } from "lucide-react";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { serverErrorOf as errorOf } from "@/lib/server-errors";

export interface ModelConfigView {
  provider: "openai" | "openai_compatible";
  baseUrl: string | null;
  model: string;
  keySet: boolean;
}

export interface ModelFormValues {
  provider: "openai" | "openai_compatible";
  baseUrl: string | null;
  model: string;
  apiKey?: string;
  clearApiKey?: boolean;
}

export type ConnectionResult = { ok: true; model: string; host: string; latencyMs: number } | { ok: false; model: string; host: string; message: string };

const PROVIDER_LABELS = { openai: "OpenAI", openai_compatible: "OpenAI-compatible (Ollama, vLLM, LM Studio)" } as const;

/** The provider picker; the id and aria-* props FormField gives go to the trigger, so the label names it. */
function ProviderSelect({
  value,
  onValueChange,
  ...triggerProps
}: { value: ModelFormValues["provider"]; onValueChange: (value: ModelFormValues["provider"]) => void } & Omit<
  React.ComponentProps<typeof SelectTrigger>,
  "children" | "onChange" | "value"
>) {
  return (
    <Select value={value} onValueChange={(v) => onValueChange(v as ModelFormValues["provider"])}>
      <SelectTrigger className="w-full min-w-0" {...triggerProps}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {(Object.keys(PROVIDER_LABELS) as (keyof typeof PROVIDER_LABELS)[]).map((p) => (
          <SelectItem key={p} value={p}>
            {PROVIDER_LABELS[p]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/**
 * Provider, address, model and key, with "Test connection" (tries the values as typed, the stored key when the key
 * field is left blank) and "Save". The key is never shown: only whether one is stored.
 */
export function ModelForm({
  idPrefix,
  current,
  saveLabel,
  onSave,
  onTest,
  saving,
  saveError,
  saved,
}: {
  idPrefix: string;
  current: ModelConfigView | null;
  saveLabel: string;
  onSave: (values: ModelFormValues) => void;
  onTest: (values: ModelFormValues) => Promise<ConnectionResult>;
  saving: boolean;
  saveError: unknown;
  saved: boolean;
}) {
  const [provider, setProvider] = useState<ModelFormValues["provider"]>(current?.provider ?? "openai");
  const [baseUrl, setBaseUrl] = useState(current?.baseUrl ?? "");
  const [model, setModel] = useState(current?.model ?? "");
  const [apiKey, setApiKey] = useState("");
  const [clearKey, setClearKey] = useState(false);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionResult | { ok: false; message: string } | null>(null);

  const values = (): ModelFormValues => ({
    provider,
    baseUrl: provider === "openai_compatible" ? baseUrl.trim() || null : null,
    model: model.trim(),
    ...(apiKey ? { apiKey } : {}),
    ...(clearKey && !apiKey ? { clearApiKey: true } : {}),
  });

  async function test() {
    setTesting(true);
    setResult(null);
    try {
      setResult(await onTest(values()));
    } catch (error) {
      setResult({ ok: false, message: errorOf(error) ?? "The test could not run." });
    } finally {
      setTesting(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onSave(values());
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <FormField id={`${idPrefix}-provider`} label="Provider" error={errorOf(saveError, "provider")}>
        <ProviderSelect value={provider} onValueChange={setProvider} />
      </FormField>
      {provider === "openai_compatible" ? (
        <FormField id={`${idPrefix}-base-url`} label="Server address" hint="The address of its OpenAI-compatible API, usually ending in /v1 (Ollama: http://localhost:11434/v1)." error={errorOf(saveError, "baseUrl")}>
          <Input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} inputMode="url" autoComplete="off" placeholder="http://localhost:11434/v1" />
        </FormField>
      ) : null}
      <FormField id={`${idPrefix}-model`} label="Model" hint="As the provider names it, for example gpt-4o-mini or llama3.1." error={errorOf(saveError, "model")}>
        <Input value={model} onChange={(e) => setModel(e.target.value)} autoComplete="off" placeholder="gpt-4o-mini" />
      </FormField>
      <FormField
        id={`${idPrefix}-api-key`}
        label="API key"
        hint={current?.keySet ? "A key is stored (encrypted; it is never shown). Leave this blank to keep it." : "No key is stored. Servers such as Ollama need none."}
        error={errorOf(saveError, "apiKey")}
      >
        <Input type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" placeholder={current?.keySet ? "•••••••• (stored)" : ""} />
      </FormField>
      {current?.keySet && !apiKey ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={clearKey} onChange={(e) => setClearKey(e.target.checked)} className="size-4" />
          Remove the stored key
        </label>
      ) : null}
      {result ? (
        result.ok ? (
          <Alert variant="success" data-testid="connection-result">
            <CheckCircle2Icon aria-hidden="true" />
            <AlertDescription>
              Connected: {result.host} answered with model {result.model} in {result.latencyMs} ms.
            </AlertDescription>
          </Alert>
        ) : (
          <Alert variant="destructive" data-testid="connection-result">
            <XCircleIcon aria-hidden="true" />
            <AlertDescription>{result.message}</AlertDescription>
          </Alert>
        )
      ) : null}
      {saveError && !errorOf(saveError, "provider") && !errorOf(saveError, "baseUrl") && !errorOf(saveError, "model") && !errorOf(saveError, "apiKey") ? (
        <Alert variant="destructive">
          <AlertDescription>{errorOf(saveError)}</AlertDescription>
        </Alert>
      ) : null}
      {saved ? (
        <Alert variant="success">
          <CheckCircle2Icon aria-hidden="true" />
          <AlertDescription>Saved. New AI turns use this model from now on.</AlertDescription>
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" disabled={testing || !model.trim()} onClick={() => void test()}>
          <PlugZapIcon aria-hidden="true" />
          {testing ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" disabled={saving}>
          {saveLabel}
        </Button>
      </div>
    </form>
  );
}
