"use client";

import { FormField as Field } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { MemberSelect } from "@/features/crm/member-select";
import { StrategySelect } from "@/features/strategies/strategy-select";
import type { FormSettings } from "@/schemas/forms";
import { ChoiceSelect } from "./choice-select";

/** What happens after a visitor sends the form: what they see, and who the new lead goes to. */
export function SettingsPanel({ settings, onChange, error }: { settings: FormSettings; onChange: (settings: FormSettings) => void; error?: string }) {
  const set = (patch: Partial<FormSettings>) => onChange({ ...settings, ...patch });
  const after = settings.redirectUrl != null ? "redirect" : "message";
  return (
    <div className="grid gap-5">
      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium">After sending</legend>
        <ChoiceSelect
          aria-label="After sending"
          value={after}
          onValueChange={(v) => set(v === "redirect" ? { redirectUrl: settings.redirectUrl ?? "https://", thankYouMessage: null } : { redirectUrl: null, thankYouMessage: settings.thankYouMessage ?? "" })}
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
        <Field id="settings-owner" label="Owner">
          <MemberSelect
            value={settings.ownerUserId != null ? String(settings.ownerUserId) : "none"}
            onValueChange={(v) => set({ ownerUserId: v === "none" ? null : Number(v) })}
            extraOptions={[{ value: "none", label: "Nobody (unassigned)" }]}
          />
        </Field>
      </fieldset>
      {error ? <p className="text-sm font-medium text-destructive">{error}</p> : null}
    </div>
  );
}
