"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField as Field } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { MemberSelect } from "@/features/crm/member-select";
import { StrategySelect } from "@/features/strategies/strategy-select";
import { ownerAssignmentOf, type FormDefinition } from "@/schemas/forms";
import { ChoiceSelect } from "./choice-select";
import type { DraftSettings } from "./draft";

const CAPTCHA_LABELS = { none: "None", turnstile: "Cloudflare Turnstile", hcaptcha: "hCaptcha" } as const;

/**
 * What happens after a visitor sends the form (what they see, who the lead goes to, who is told, whether the AI
 * starts) and where the form may appear (allowed websites, bot check). The bot check's secret is write-only: staff see
 * whether one is set, never the key.
 */
export function SettingsPanel({
  settings,
  definition,
  onChange,
  error,
}: {
  settings: DraftSettings;
  definition: FormDefinition;
  onChange: (settings: DraftSettings) => void;
  error?: string;
}) {
  const set = (patch: Partial<DraftSettings>) => onChange({ ...settings, ...patch });
  const after = settings.redirectUrl != null ? "redirect" : "message";
  const owner = ownerAssignmentOf(settings);
  const ownerMode = owner.userIds.length === 0 && settings.owner?.mode !== "round_robin" && settings.owner?.mode !== "fixed" ? "none" : (settings.owner?.mode ?? owner.mode);
  const consentChannels = [...new Set(definition.fields.filter((f) => f.type === "consent").map((f) => f.consentChannel ?? "sms"))];
  const [originsText, setOriginsText] = useState((settings.allowedOrigins ?? []).join("\n"));
  const captcha = settings.captcha ?? { provider: "none" as const, siteKey: null, secretSet: false };

  return (
    <div className="grid gap-6">
      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium">After sending</legend>
        <ChoiceSelect
          aria-label="After sending"
          value={after}
          onValueChange={(v) => set(v === "redirect" ? { redirectUrl: settings.redirectUrl ?? "https://", thankYouMessage: null } : { redirectUrl: null, thankYouMessage: settings.thankYouMessage ?? null })}
          choices={[
            { value: "message", label: "Show a thank-you message" },
            { value: "redirect", label: "Go to a page of your website" },
          ]}
        />
        {after === "message" ? (
          <Field id="settings-thanks" label="Thank-you message" hint="Leave empty for “Thank you! We'll be in touch.”">
            <Textarea rows={3} maxLength={2000} value={settings.thankYouMessage ?? ""} onChange={(e) => set({ thankYouMessage: e.target.value || null })} />
          </Field>
        ) : (
          <Field id="settings-redirect" label="Page address" hint="Starts with https://">
            <Input type="url" inputMode="url" maxLength={2000} value={settings.redirectUrl ?? ""} onChange={(e) => set({ redirectUrl: e.target.value })} />
          </Field>
        )}
      </fieldset>

      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium">New leads</legend>
        <Field id="settings-strategy" label="Sales strategy">
          <StrategySelect
            value={settings.strategyId != null ? String(settings.strategyId) : "default"}
            onValueChange={(v) => set({ strategyId: v === "default" ? null : Number(v) })}
            extraOptions={[{ value: "default", label: "The workspace's default" }]}
          />
        </Field>
        <Field id="settings-owner-mode" label="Owner">
          <ChoiceSelect
            value={ownerMode}
            onValueChange={(v) => {
              if (v === "none") set({ owner: null, ownerUserId: null });
              else set({ owner: { mode: v as "fixed" | "round_robin", userIds: v === "fixed" ? owner.userIds.slice(0, 1) : owner.userIds }, ownerUserId: null });
            }}
            choices={[
              { value: "none", label: "Nobody (unassigned)" },
              { value: "fixed", label: "One member" },
              { value: "round_robin", label: "Members in turn (round-robin)" },
            ]}
          />
        </Field>
        {ownerMode === "fixed" ? (
          <Field id="settings-owner" label="Member">
            <MemberSelect value={owner.userIds[0] != null ? String(owner.userIds[0]) : ""} onValueChange={(v) => set({ owner: { mode: "fixed", userIds: [Number(v)] }, ownerUserId: null })} />
          </Field>
        ) : ownerMode === "round_robin" ? (
          <OwnersInTurn userIds={owner.userIds} onChange={(userIds) => set({ owner: { mode: "round_robin", userIds }, ownerUserId: null })} />
        ) : null}
        <div className="flex items-start gap-3">
          <Switch id="settings-notify" checked={settings.notifyOwner ?? false} onCheckedChange={(v) => set({ notifyOwner: v })} />
          <div className="grid gap-0.5">
            <Label htmlFor="settings-notify">Email the owner about each submission</Label>
            <p className="text-xs text-muted-foreground">Unassigned leads notify nobody.</p>
          </div>
        </div>
        <div className="flex items-start gap-3">
          <Switch id="settings-ai" checked={settings.startAi ?? false} onCheckedChange={(v) => set({ startAi: v })} aria-describedby="settings-ai-hint" />
          <div className="grid gap-0.5">
            <Label htmlFor="settings-ai">Start the AI conversation on submit</Label>
            <p id="settings-ai-hint" className="text-xs text-muted-foreground">
              The AI writes first only on a channel the visitor agreed to in a consent field of this form (text messages or email), and never without
              that tick.{" "}
              {consentChannels.length === 0 ? (
                <span className="font-medium text-destructive">This form has no consent field yet, so the AI will not start: add one.</span>
              ) : (
                <span>Consent asked here: {consentChannels.map((c) => (c === "sms" ? "text messages" : "email")).join(" and ")}.</span>
              )}
            </p>
          </div>
        </div>
      </fieldset>

      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium">Where it may appear</legend>
        <Field id="settings-origins" label="Websites that may embed the form" hint="One address per line, without a path, like https://www.example.com. None: only the link works.">
          <Textarea
            rows={3}
            value={originsText}
            spellCheck={false}
            onChange={(e) => {
              setOriginsText(e.target.value);
              const list = e.target.value
                .split(/\s+/)
                .map((s) => s.trim().replace(/\/+$/, ""))
                .filter((s) => s !== "");
              set({ allowedOrigins: list.length ? list : null });
            }}
          />
        </Field>
      </fieldset>

      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium">Bot check</legend>
        <ChoiceSelect
          aria-label="Bot check"
          value={captcha.provider}
          onValueChange={(v) => set({ captcha: { ...captcha, provider: v as keyof typeof CAPTCHA_LABELS } })}
          choices={Object.entries(CAPTCHA_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <p className="text-xs text-muted-foreground">Every form already has a hidden trap field, a minimum fill time and limits per visitor.</p>
        {captcha.provider !== "none" ? (
          <>
            <Field id="settings-site-key" label="Site key">
              <Input value={captcha.siteKey ?? ""} maxLength={200} spellCheck={false} onChange={(e) => set({ captcha: { ...captcha, siteKey: e.target.value || null } })} />
            </Field>
            <Field
              id="settings-secret"
              label="Secret key"
              labelAside={captcha.secretSet || settings.captchaSecret ? <Badge variant="success">Set</Badge> : <Badge variant="secondary">Not set</Badge>}
              hint={captcha.secretSet ? "Stored encrypted and never shown. Type a new one to replace it." : "Stored encrypted and never shown again."}
            >
              <Input type="password" autoComplete="off" maxLength={500} value={settings.captchaSecret ?? ""} onChange={(e) => set({ captchaSecret: e.target.value || undefined })} />
            </Field>
          </>
        ) : null}
      </fieldset>
      {error ? <p className="text-sm font-medium text-destructive">{error}</p> : null}
    </div>
  );
}

function OwnersInTurn({ userIds, onChange }: { userIds: readonly number[]; onChange: (ids: number[]) => void }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.users.list.queryOptions({ limit: 100, includeInactive: false }));
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm">Members who take turns (at least two)</legend>
      {members.isPending ? <p className="text-sm text-muted-foreground">Loading members…</p> : null}
      {members.data?.items.map((m) => (
        <div key={m.id} className="flex items-center gap-2">
          <Checkbox
            id={`owner-${m.id}`}
            checked={userIds.includes(m.id)}
            onCheckedChange={(v) => onChange(v === true ? [...userIds, m.id] : userIds.filter((id) => id !== m.id))}
          />
          <Label htmlFor={`owner-${m.id}`}>{m.name}</Label>
        </div>
      ))}
    </fieldset>
  );
}
