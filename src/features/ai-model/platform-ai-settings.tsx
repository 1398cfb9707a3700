"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { serverErrorOf as errorOf } from "@/lib/server-errors";
import { ModelForm } from "./model-form";

/** Admin › AI model: the platform default (provider, address, model, key as set / not set), tried before it is saved. */
export function PlatformAiSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const config = useQuery(trpc.platform.ai.get.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.platform.ai.get.queryKey() });
  const save = useMutation(trpc.platform.ai.save.mutationOptions({ onSuccess: refresh }));
  const clear = useMutation(trpc.platform.ai.clear.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.platform.ai.test.mutationOptions());
  const [formKey, setFormKey] = useState(0);

  if (config.isPending) return <Skeleton className="h-64 w-full max-w-2xl" />;
  if (config.isError) return <QueryError what="The AI model" error={config.error} />;
  const { platform, environment, revision, aiOn } = config.data;

  return (
    <div className="grid max-w-2xl gap-6">
      <Alert variant={aiOn ? "success" : "default"} data-testid="platform-ai-status">
        {aiOn ? <CheckCircle2Icon aria-hidden="true" /> : null}
        <AlertDescription>
          {platform
            ? `Workspaces without their own model use ${platform.model} at ${platform.host}.`
            : environment
              ? `No default is saved here, so workspaces use the server's start-up configuration: ${environment.model} at ${environment.host}. Saving one here replaces it.`
              : "The AI is off: no model is set up. Until one is saved here (or a workspace brings its own), messages from leads wait for a person."}
        </AlertDescription>
      </Alert>
      <Card>
        <CardHeader>
          <CardTitle>Platform default</CardTitle>
          <CardDescription>OpenAI, or any server that speaks its API (Ollama, vLLM, LM Studio). The key is stored encrypted and never shown again.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <ModelForm
            key={`${formKey}-${revision}`}
            idPrefix="platform-ai"
            current={platform}
            saveLabel={platform ? "Save changes" : "Save as the default"}
            saving={save.isPending}
            saveError={save.error}
            saved={save.isSuccess && !save.isPending}
            onSave={(values) => save.mutate({ ...values, revision })}
            onTest={(values) => test.mutateAsync(values)}
          />
          {platform ? (
            <div>
              <Button
                type="button"
                variant="outline"
                disabled={clear.isPending}
                onClick={() => clear.mutate({ revision }, { onSuccess: () => (save.reset(), setFormKey((k) => k + 1)) })}
              >
                Remove the platform default
              </Button>
              {clear.error ? <p className="mt-2 text-sm text-destructive">{errorOf(clear.error)}</p> : null}
            </div>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
