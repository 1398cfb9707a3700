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
import { Textarea } from "@/components/ui/textarea";
import { StrategySelect } from "@/features/strategies/strategy-select";
import { ZonedTime } from "@/features/crm/viewer-zone";

const SOURCE_TEXT = {
  workspace: "This workspace sends through its own Twilio account.",
  platform: "This workspace sends through the platform's Twilio account.",
  local: "No Twilio account is set up: messages stay on this machine (use the phone simulator to try them).",
} as const;

/** SMS settings for workspace admins: the Twilio account, the numbers, and the rules (unknown senders, help, quiet hours). */
export function SmsSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.sms.settings.queryOptions());
  if (settings.isPending) return <Skeleton className="h-64 w-full max-w-2xl" />;
  if (settings.isError) return <QueryError what="The SMS settings" error={settings.error} />;
  const data = settings.data;
  return (
    <div className="grid max-w-2xl gap-6">
      <SettingsSection title="Twilio account" description={SOURCE_TEXT[data.account.source]}>
        <div className="grid gap-6">
          {data.account.source !== "local" ? <ConnectionCheck /> : null}
          <CredentialsForm connected={data.account.source === "workspace"} accountSid={data.account.accountSid} />
        </div>
      </SettingsSection>
      <SettingsSection title="Numbers" description="Leads text these numbers; replies go out from the number the lead texted.">
        <NumbersList numbers={data.numbers} />
      </SettingsSection>
      <SettingsSection title="Rules" description="Apply to every SMS of this workspace.">
        <RulesForm rules={data.rules} timezone={data.timezone} />
      </SettingsSection>
    </div>
  );
}

function useRefreshSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.sms.settings.queryKey() });
}

const ACCOUNT_STATUS_LABELS: Record<string, string> = { active: "Active", suspended: "Suspended", closed: "Closed" };
const ACCOUNT_SOURCE_LABELS = { workspace: "This workspace's account", platform: "The platform's account", local: "No account" } as const;

/** Asks Twilio about the account the workspace sends through (Accounts API): its friendly name and status. */
function ConnectionCheck() {
  const trpc = useTRPC();
  const check = useMutation(trpc.sms.checkConnection.mutationOptions());
  const result = check.data;
  return (
    <div className="grid gap-3">
      <div>
        <Button type="button" variant="outline" disabled={check.isPending} onClick={() => check.mutate()}>
          {check.isPending ? "Asking Twilio…" : "Check connection"}
        </Button>
      </div>
      {check.error ? (
        <Alert variant="destructive">
          <AlertDescription>{errorOf(check.error)}</AlertDescription>
        </Alert>
      ) : null}
      {result ? (
        <div className="grid gap-1 rounded-md border p-3 text-sm" role="status" aria-label="Twilio account">
          {result.friendlyName ? (
            <p className="flex flex-wrap items-center gap-2">
              <span className="text-muted-foreground">{ACCOUNT_SOURCE_LABELS[result.source]}:</span>
              <span className="font-medium break-all">{result.friendlyName}</span>
              {result.status ? (
                <Badge variant={result.status === "active" ? "secondary" : "destructive"}>{ACCOUNT_STATUS_LABELS[result.status] ?? result.status}</Badge>
              ) : null}
            </p>
          ) : null}
          <p className={result.ok ? "text-muted-foreground" : "text-destructive"}>
            {result.ok ? "Twilio answered: texts can go out through this account." : result.message}
          </p>
          <p className="text-xs text-muted-foreground">
            Checked <ZonedTime value={result.checkedAt} />
          </p>
        </div>
      ) : null}
    </div>
  );
}

function CredentialsForm({ connected, accountSid }: { connected: boolean; accountSid: string | null }) {
  const trpc = useTRPC();
  const refresh = useRefreshSettings();
  const save = useMutation(trpc.sms.setCredentials.mutationOptions({ onSuccess: refresh }));
  const clear = useMutation(trpc.sms.clearCredentials.mutationOptions({ onSuccess: refresh }));
  const [sid, setSid] = useState("");
  const [token, setToken] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ accountSid: sid, authToken: token }, { onSuccess: () => setToken("") });
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      {connected ? (
        <p className="text-sm">
          Connected account: <span className="font-mono">{accountSid}</span>
        </p>
      ) : null}
      <FormField id="sms-account-sid" label="Account SID" error={errorOf(save.error, "accountSid")}>
        <Input value={sid} onChange={(e) => setSid(e.target.value)} autoComplete="off" placeholder="AC…" />
      </FormField>
      <FormField id="sms-auth-token" label="Auth token" hint="Checked with Twilio, then stored encrypted; it is never shown again." error={errorOf(save.error, "authToken")}>
        <Input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
      </FormField>
      {save.error && !errorOf(save.error, "accountSid") && !errorOf(save.error, "authToken") ? (
        <Alert variant="destructive">
          <AlertDescription>{errorOf(save.error)}</AlertDescription>
        </Alert>
      ) : null}
      {save.isSuccess ? <p className="text-sm text-muted-foreground">Twilio accepted the account; it is saved.</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Checking with Twilio…" : connected ? "Replace credentials" : "Connect account"}
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

interface NumberRow {
  id: number;
  phoneNumber: string | null;
  messagingServiceSid: string | null;
  label: string | null;
  messagesPerSecond: number;
}

function NumbersList({ numbers }: { numbers: NumberRow[] }) {
  const trpc = useTRPC();
  const refresh = useRefreshSettings();
  const add = useMutation(trpc.sms.addNumber.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.sms.removeNumber.mutationOptions({ onSuccess: refresh }));
  const [phone, setPhone] = useState("");
  const [label, setLabel] = useState("");
  const [rate, setRate] = useState("1");

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(
      { phoneNumber: phone || undefined, label: label || undefined, messagesPerSecond: Number(rate) },
      { onSuccess: () => (setPhone(""), setLabel("")) },
    );
  }

  return (
    <div className="grid gap-4">
      {numbers.length === 0 ? <p className="text-sm text-muted-foreground">No numbers yet.</p> : null}
      <ul className="grid gap-2">
        {numbers.map((n) => (
          <li key={n.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md border p-3">
            <div className="grid gap-0.5">
              <span className="font-mono text-sm">{n.phoneNumber ?? n.messagingServiceSid}</span>
              <span className="text-xs text-muted-foreground">
                {n.label ? `${n.label} · ` : ""}
                {n.messagesPerSecond} message{n.messagesPerSecond === 1 ? "" : "s"} per second
              </span>
            </div>
            <Button type="button" variant="outline" size="sm" disabled={remove.isPending} onClick={() => remove.mutate({ id: n.id })}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-3" noValidate>
        <FormField id="sms-number-phone" label="Phone number" error={errorOf(add.error, "phoneNumber")}>
          <Input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" placeholder="+1 415 555 0100" />
        </FormField>
        <FormField id="sms-number-label" label="Label" error={errorOf(add.error, "label")}>
          <Input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Front desk" />
        </FormField>
        <FormField id="sms-number-rate" label="Messages per second" error={errorOf(add.error, "messagesPerSecond")}>
          <Input value={rate} onChange={(e) => setRate(e.target.value)} inputMode="decimal" />
        </FormField>
        <div className="sm:col-span-3">
          <Button type="submit" disabled={add.isPending}>
            Add number
          </Button>
        </div>
      </form>
    </div>
  );
}

const NO_STRATEGY = "none";

interface Rules {
  unknownSenders: "create_lead" | "ignore";
  newLeadStrategyId: number | null;
  helpText: string;
  quietHours: { enabled: boolean; start: string; end: string };
}

function RulesForm({ rules, timezone }: { rules: Rules; timezone: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshSettings();
  const save = useMutation(trpc.sms.updateSettings.mutationOptions({ onSuccess: refresh }));
  const [values, setValues] = useState(rules);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(values);
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <label className="flex items-center gap-3 text-sm">
        <Switch
          checked={values.unknownSenders === "create_lead"}
          onCheckedChange={(on) => setValues({ ...values, unknownSenders: on ? "create_lead" : "ignore" })}
        />
        A text from an unknown number creates a new lead
      </label>
      <FormField
        id="sms-new-lead-strategy"
        label="Strategy for leads who text first"
        hint={
          values.unknownSenders === "create_lead"
            ? "The AI answers them with this strategy. With none (or an inactive one), a person answers."
            : "Texts from unknown numbers are ignored, so no lead is created."
        }
        error={errorOf(save.error, "newLeadStrategyId")}
      >
        <StrategySelect
          value={values.newLeadStrategyId === null ? NO_STRATEGY : String(values.newLeadStrategyId)}
          onValueChange={(next) => setValues({ ...values, newLeadStrategyId: next === NO_STRATEGY ? null : Number(next) })}
          extraOptions={[{ value: NO_STRATEGY, label: "None: a person answers" }]}
          disabled={values.unknownSenders !== "create_lead"}
        />
      </FormField>
      <FormField id="sms-help-text" label="Answer to HELP" error={errorOf(save.error, "helpText")}>
        <Textarea rows={2} value={values.helpText} onChange={(e) => setValues({ ...values, helpText: e.target.value })} />
      </FormField>
      <label className="flex items-center gap-3 text-sm">
        <Switch
          checked={values.quietHours.enabled}
          onCheckedChange={(on) => setValues({ ...values, quietHours: { ...values.quietHours, enabled: on } })}
        />
        Quiet hours on the lead&apos;s clock (this workspace&apos;s zone, {timezone}, when the lead&apos;s is unknown)
      </label>
      <div className="grid grid-cols-2 gap-3">
        <FormField id="sms-quiet-start" label="From">
          <Input type="time" value={values.quietHours.start} onChange={(e) => setValues({ ...values, quietHours: { ...values.quietHours, start: e.target.value } })} />
        </FormField>
        <FormField id="sms-quiet-end" label="Until">
          <Input type="time" value={values.quietHours.end} onChange={(e) => setValues({ ...values, quietHours: { ...values.quietHours, end: e.target.value } })} />
        </FormField>
      </div>
      <p className="text-xs text-muted-foreground">The AI and campaigns wait until quiet hours end; a person is asked to confirm.</p>
      {save.error && !errorOf(save.error, "helpText") && !errorOf(save.error, "newLeadStrategyId") ? (
        <Alert variant="destructive">
          <AlertDescription>{errorOf(save.error)}</AlertDescription>
        </Alert>
      ) : null}
      {save.isSuccess ? <Badge variant="secondary">Saved</Badge> : null}
      <div>
        <Button type="submit" disabled={save.isPending}>
          Save rules
        </Button>
      </div>
    </form>
  );
}
