"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BlocksIcon, PlugIcon, SettingsIcon, UnplugIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import type { RouterOutputs } from "@/lib/api-types";
import { hasFieldErrors, serverErrorOf } from "@/lib/server-errors";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { initialValues, SchemaForm, submittedValues, type FormSchema, type FormValues } from "./schema-form";
import { IntegrationSync } from "./integration-sync";

type Entry = RouterOutputs["integrations"]["list"][number];

/** The Integrations page: what this workspace can connect, and how each connection is doing, in words. */
export function IntegrationsPanel() {
  const trpc = useTRPC();
  const list = useQuery(trpc.integrations.list.queryOptions());
  if (list.isPending) return <Skeleton className="h-48 w-full" role="status" aria-label="Loading integrations" />;
  if (list.isError) return <FormError message={`Integrations could not be loaded: ${list.error.message}`} />;
  if (list.data.length === 0) {
    return (
      <EmptyState icon={BlocksIcon} title="No integrations offered yet">
        When your agency offers CRMs and calendars to connect, they are listed here.
      </EmptyState>
    );
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {list.data.map((entry) => (
        <IntegrationCard key={entry.template.id} entry={entry} />
      ))}
    </div>
  );
}

function IntegrationCard({ entry }: { entry: Entry }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() });
  const [configuring, setConfiguring] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);
  const test = useMutation(trpc.integrations.test.mutationOptions({ onSettled: refresh }));
  const setEnabled = useMutation(trpc.integrations.setEnabled.mutationOptions({ onSettled: refresh }));
  const disconnect = useMutation(trpc.integrations.disconnect.mutationOptions());
  const { template, connection } = entry;

  return (
    <Card data-testid="integration">
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          {template.name}
          {template.category ? <Badge variant="secondary">{template.category}</Badge> : null}
          {connection ? <Badge variant={connection.status === "active" ? "success" : connection.status === "error" ? "destructive" : "outline"}>{connection.statusText}</Badge> : null}
        </CardTitle>
        {template.description ? <CardDescription>{template.description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {connection ? (
          <>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-muted-foreground">Last sync</dt>
              <dd>{connection.lastSyncAt ? <ZonedTime value={connection.lastSyncAt} /> : "Not yet"}</dd>
              {connection.problem ? (
                <>
                  <dt className="text-muted-foreground">Problem</dt>
                  <dd className="text-destructive">{connection.problem}</dd>
                </>
              ) : null}
            </dl>
            <div className="flex items-center gap-2">
              <Switch
                id={`integration-enabled-${connection.id}`}
                checked={connection.enabled}
                disabled={setEnabled.isPending}
                onCheckedChange={(enabled) => setEnabled.mutate({ id: connection.id, enabled })}
              />
              <Label htmlFor={`integration-enabled-${connection.id}`}>{connection.enabled ? "On" : "Off"}</Label>
            </div>
            {test.data ? <p className={test.data.ok ? "text-success" : "text-destructive"} role="status">{test.data.message}</p> : null}
            {test.error ? <FormError message={test.error.message} /> : null}
            <IntegrationSync connection={connection} templateKey={template.key} />
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" size="sm" onClick={() => test.mutate({ id: connection.id })} disabled={test.isPending}>
                <PlugIcon aria-hidden="true" />
                {test.isPending ? "Testing…" : "Test connection"}
              </Button>
              <Button variant="outline" size="sm" onClick={() => setConfiguring(true)}>
                <SettingsIcon aria-hidden="true" />
                Settings
              </Button>
              <Button variant="outline" size="sm" onClick={() => setDisconnecting(true)}>
                <UnplugIcon aria-hidden="true" />
                Disconnect
              </Button>
            </div>
          </>
        ) : (
          <div>
            <Button onClick={() => setConfiguring(true)}>
              <PlugIcon aria-hidden="true" />
              Connect
            </Button>
          </div>
        )}
      </CardContent>
      <Dialog open={configuring} onOpenChange={setConfiguring}>
        <DialogContent className="max-h-[calc(100dvh-2rem)] max-w-xl overflow-y-auto">
          {configuring ? <ConnectForm entry={entry} onDone={() => setConfiguring(false)} /> : null}
        </DialogContent>
      </Dialog>
      {connection ? (
        <ConfirmDialog
          open={disconnecting}
          onOpenChange={setDisconnecting}
          title={`Disconnect ${template.name}?`}
          description="The settings and the saved token are forgotten. Leads already imported stay."
          confirmLabel="Disconnect"
          destructive
          onConfirm={async () => {
            await disconnect.mutateAsync({ id: connection.id });
            await refresh();
          }}
        />
      ) : null}
    </Card>
  );
}

function ConnectForm({ entry, onDone }: { entry: Entry; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schema = entry.template.configSchema as unknown as FormSchema;
  const [values, setValues] = useState<FormValues>(() => initialValues(schema, (entry.connection?.values ?? null) as FormValues | null, entry.template.secretFields));
  const connect = useMutation(trpc.integrations.connect.mutationOptions());

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    try {
      await connect.mutateAsync({ templateId: entry.template.id, values: submittedValues(schema, values) });
    } catch {
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() });
    onDone();
  }

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{entry.connection ? `${entry.template.name} settings` : `Connect ${entry.template.name}`}</DialogTitle>
        <DialogDescription>Saved secrets are never shown again.</DialogDescription>
      </DialogHeader>
      <SchemaForm
        schema={schema}
        values={values}
        onChange={setValues}
        secretFields={entry.template.secretFields}
        secretsSet={entry.connection?.secretsSet ?? {}}
        errorOf={(path) => serverErrorOf(connect.error, path)}
      />
      {/* A refused value shows beside its field; anything else (the integration no longer offered…) above the buttons. */}
      <FormError message={connect.error && !hasFieldErrors(connect.error, "values.") ? connect.error.message : undefined} />
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <SubmitButton pending={connect.isPending}>{entry.connection ? "Save" : "Connect"}</SubmitButton>
      </DialogFooter>
    </form>
  );
}
