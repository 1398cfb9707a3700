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
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";

const SOURCE_TEXT = {
  workspace: "This workspace sends through its own Postmark server.",
  platform: "This workspace sends through the platform's Postmark server.",
  local: "No Postmark server is set up: emails stay on this machine (the development mailbox shows them).",
} as const;

/** Email settings for workspace admins: the sender, the inbound address, the Postmark server and the new-lead rule. */
export function EmailSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.email.settings.queryOptions());
  if (settings.isPending) return <Skeleton className="h-64 w-full max-w-2xl" />;
  if (settings.isError) return <QueryError what="The email settings" error={settings.error} />;
  const data = settings.data;
  return (
    <div className="grid max-w-2xl gap-6">
      <SettingsSection title="Sender" description="The name and address leads see. The address must be a verified sender signature or on a verified domain in Postmark.">
        <SenderForm key={data.updatedAt.toString()} sender={data.sender} />
        {data.account.source !== "local" ? <SenderCheck ownServer={data.account.hasOwnToken} /> : null}
      </SettingsSection>
      <SettingsSection title="Inbound address" description="Leads can write to this address; replies to your emails come back to the same conversation.">
        <p className="break-all rounded-md border bg-muted/40 p-3 font-mono text-sm" data-testid="inbound-address">
          {data.inboundAddress}
        </p>
        {!data.webhooks.credentialsConfigured ? (
          <p className="mt-3 text-sm text-muted-foreground">
            Incoming email is not connected on this platform yet: ask the platform administrator to set up Postmark&apos;s inbound webhook.
          </p>
        ) : null}
      </SettingsSection>
      <SettingsSection title="Postmark server" description={SOURCE_TEXT[data.account.source]}>
        <TokenForm connected={data.account.hasOwnToken} />
      </SettingsSection>
      <SettingsSection title="New leads" description="What happens when someone the workspace does not know writes.">
        <RulesForm rules={data.rules} />
      </SettingsSection>
    </div>
  );
}

function useRefreshSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.email.settings.queryKey() });
}

function SenderForm({ sender }: { sender: { fromName: string | null; fromAddress: string | null; effectiveFrom: string } }) {
  const trpc = useTRPC();
  const refresh = useRefreshSettings();
  const save = useMutation(trpc.email.updateSettings.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState(sender.fromName ?? "");
  const [address, setAddress] = useState(sender.fromAddress ?? "");

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ fromName: name || null, fromAddress: address || null });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <p className="text-sm">
        Emails go out as <span className="break-all font-medium">{sender.effectiveFrom}</span>
      </p>
      <FormField id="email-from-name" label="Sender name" hint="Empty: the workspace's name." error={errorOf(save.error, "fromName")}>
        <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" placeholder="Acme Dental" />
      </FormField>
      <FormField id="email-from-address" label="Sender address" hint="Empty: the platform's address." error={errorOf(save.error, "fromAddress")}>
        <Input type="email" value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="off" placeholder="hello@your-business.com" />
      </FormField>
      {save.isSuccess ? <Badge variant="secondary">Saved</Badge> : null}
      <div>
        <Button type="submit" disabled={save.isPending}>
          Save sender
        </Button>
      </div>
    </form>
  );
}

function TokenForm({ connected }: { connected: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefreshSettings();
  const save = useMutation(trpc.email.setServerToken.mutationOptions({ onSuccess: refresh }));
  const clear = useMutation(trpc.email.clearServerToken.mutationOptions({ onSuccess: refresh }));
  const [token, setToken] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ serverToken: token }, { onSuccess: () => setToken("") });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <FormField id="email-server-token" label="Server API token" hint="Optional: this workspace's own Postmark server. Stored encrypted; it is never shown again." error={errorOf(save.error, "serverToken")}>
        <Input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
      </FormField>
      {save.isSuccess ? <p className="text-sm text-muted-foreground">Saved.</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={save.isPending}>
          {connected ? "Replace token" : "Connect server"}
        </Button>
        {connected ? (
          <Button type="button" variant="outline" disabled={clear.isPending} onClick={() => clear.mutate()}>
            Disconnect
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function RulesForm({ rules }: { rules: { unknownSenders: "create_lead" | "ignore"; newLeadStrategyId: number | null } }) {
  const trpc = useTRPC();
  const refresh = useRefreshSettings();
  const strategies = useQuery(trpc.strategies.list.queryOptions({ limit: 100, isActive: true }));
  const save = useMutation(trpc.email.updateSettings.mutationOptions({ onSuccess: refresh }));
  const [values, setValues] = useState(rules);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(values);
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <label className="flex items-center gap-3 text-sm">
        <Switch checked={values.unknownSenders === "create_lead"} onCheckedChange={(on) => setValues({ ...values, unknownSenders: on ? "create_lead" : "ignore" })} />
        An email from an unknown address creates a new lead
      </label>
      <FormField id="email-new-lead-strategy" label="Strategy for new leads" hint="Without one, a person answers." error={errorOf(save.error, "newLeadStrategyId")}>
        <select
          className="h-10 w-full rounded-md border bg-background px-3 text-sm"
          value={values.newLeadStrategyId ?? ""}
          onChange={(e) => setValues({ ...values, newLeadStrategyId: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">No strategy (a person answers)</option>
          {(strategies.data?.items ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </FormField>
      {save.error && !errorOf(save.error, "newLeadStrategyId") ? (
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

/**
 * "Check in Postmark": asks Postmark's account API whether the sender address or its domain is verified and shows the
 * answer in words. A workspace on its own server gives its account's API token for the check (never stored).
 */
function SenderCheck({ ownServer }: { ownServer: boolean }) {
  const trpc = useTRPC();
  const check = useMutation(trpc.email.checkSender.mutationOptions());
  const [token, setToken] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    check.mutate(ownServer ? { accountToken: token } : {});
  }

  const tokenError = errorOf(check.error, "accountToken");
  return (
    <form onSubmit={submit} className="mt-6 grid gap-3 border-t pt-4" noValidate aria-label="Check the sender in Postmark">
      <p className="text-sm text-muted-foreground">Ask Postmark whether the sender address, or its domain, is verified.</p>
      {ownServer ? (
        <FormField id="email-account-token" label="Postmark account API token" hint="From Postmark › Account › API tokens. Used for this check only; not kept." error={tokenError}>
          <Input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
        </FormField>
      ) : null}
      {check.error && (!ownServer || !tokenError) ? (
        <Alert variant="destructive">
          <AlertDescription>{tokenError ?? errorOf(check.error)}</AlertDescription>
        </Alert>
      ) : null}
      {check.data ? (
        <Alert variant={check.data.verified ? "default" : "destructive"} data-testid="sender-check">
          <AlertDescription className="break-words">
            <span className="font-medium">{check.data.verified ? "Verified. " : "Not verified yet. "}</span>
            {check.data.message}
          </AlertDescription>
        </Alert>
      ) : null}
      <div>
        <Button type="submit" variant="outline" disabled={check.isPending}>
          {check.isPending ? "Checking…" : "Check in Postmark"}
        </Button>
      </div>
    </form>
  );
}
